package io.autoagent.tools.kube;

import io.autoagent.core.ApiFailure;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The one mapper of Kubernetes client failures for common-tools: finds the {@link
 * KubernetesClientException} in a failure's cause chain (executors and informers wrap it) and
 * classifies its status code with {@link ApiFailure}. Evidence reports, remediation steps and
 * checks all ask this, so a 408 or 429 is "try again later" everywhere.
 */
public final class KubeErrors {

  private KubeErrors() {}

  /** The classification of a failure; a failure with no Kubernetes exception has status 0. */
  public static ApiFailure classify(Throwable failure) {
    return ApiFailure.of(status(failure), failure);
  }

  /** The HTTP status of the first Kubernetes client exception in the cause chain; 0 when none. */
  public static int status(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof KubernetesClientException k) {
        return k.getCode();
      }
    }
    return 0;
  }

  /** Whether the API answered "this request is wrong or refused": retrying will not help. */
  public static boolean refused(KubernetesClientException e) {
    return !classify(e).retriable() && e.getCode() > 0;
  }
}

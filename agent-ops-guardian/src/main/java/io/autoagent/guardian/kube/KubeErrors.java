package io.autoagent.guardian.kube;

import io.autoagent.core.AgentException;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Maps Kubernetes API failures once, by HTTP code. */
final class KubeErrors {

  private KubeErrors() {}

  static AgentException map(String what, KubernetesClientException e) {
    int code = e.getCode();
    // 0: no HTTP answer at all (connection refused, timeout)
    if (code == 0 || code == 429 || code >= 500) {
      return new RetriableException(what + " failed (HTTP " + code + ")", e);
    }
    return new PermanentException(what + " failed (HTTP " + code + ")", e);
  }
}

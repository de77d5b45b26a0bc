package io.autoagent.guardian.kube;

import io.autoagent.core.AgentException;
import io.autoagent.core.ApiFailure;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Maps Kubernetes API failures once, by HTTP code, through the agents' shared {@link ApiFailure}.
 */
final class KubeErrors {

  private KubeErrors() {}

  static AgentException map(String what, KubernetesClientException e) {
    return ApiFailure.of(e.getCode(), e).toException(what, e.getCode(), e);
  }
}

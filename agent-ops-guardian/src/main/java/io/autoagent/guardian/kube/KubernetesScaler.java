package io.autoagent.guardian.kube;

import io.autoagent.guardian.signals.WorkloadRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;

/**
 * Sets a Deployment's replicas through its scale subresource.
 *
 * <p>Failures are mapped once: {@code RetriableException} for timeouts, 429 and 5xx, {@code
 * PermanentException} for other 4xx (not found, forbidden).
 */
public final class KubernetesScaler {

  private final KubernetesClient client;

  public KubernetesScaler(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  public void scale(WorkloadRef ref, int replicas) {
    if (replicas < 1) {
      throw new IllegalArgumentException("the Guardian never scales below 1 replica");
    }
    try {
      client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()).scale(replicas);
    } catch (KubernetesClientException e) {
      throw KubeErrors.map("scaling " + ref, e);
    }
  }
}

package io.autoagent.guardian.loop;

import io.autoagent.guardian.signals.WorkloadRef;

/**
 * Sets a workload's replicas ({@code KubernetesScaler::scale}). Throws the mapped Kubernetes
 * exceptions; the loop reports a failure as a {@code scaling_failed} event and does not tell the
 * engine the change happened.
 */
@FunctionalInterface
public interface Scaler {
  void scale(WorkloadRef workload, int replicas);
}

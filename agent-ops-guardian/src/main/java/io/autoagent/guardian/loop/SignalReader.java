package io.autoagent.guardian.loop;

import io.autoagent.guardian.kube.KubeReading;
import io.autoagent.guardian.signals.WorkloadRef;

/**
 * Reads what the cluster says about one workload ({@code KubernetesSignalReader::read}). Throws
 * {@link io.autoagent.core.RetriableException} when the API or metrics are unavailable and {@link
 * io.autoagent.core.PermanentException} when the workload is gone or access is denied.
 */
@FunctionalInterface
public interface SignalReader {
  KubeReading read(WorkloadRef workload);
}

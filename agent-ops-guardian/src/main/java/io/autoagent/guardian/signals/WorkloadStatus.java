package io.autoagent.guardian.signals;

import java.util.List;
import java.util.Optional;

/**
 * Facts about a workload that gate scaling rather than size it.
 *
 * @param rolloutInProgress a new ReplicaSet is rolling out; scaling freezes until it finishes
 * @param hpaName the HorizontalPodAutoscaler targeting this workload, or {@code null}
 * @param incidents pod failures seen now
 */
public record WorkloadStatus(boolean rolloutInProgress, String hpaName, List<Incident> incidents) {

  public static final WorkloadStatus HEALTHY = new WorkloadStatus(false, null, List.of());

  public WorkloadStatus {
    incidents = incidents == null ? List.of() : List.copyOf(incidents);
  }

  public Optional<String> hpa() {
    return Optional.ofNullable(hpaName);
  }
}

package io.autoagent.guardian.signals;

import java.util.Objects;

/** Everything the decision core sees about one workload at one instant. */
public record Observation(WorkloadRef workload, WorkloadSample sample, WorkloadStatus status) {

  public Observation {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(sample, "sample");
    status = status == null ? WorkloadStatus.HEALTHY : status;
  }
}

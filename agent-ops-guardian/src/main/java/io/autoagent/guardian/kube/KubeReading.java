package io.autoagent.guardian.kube;

import io.autoagent.guardian.signals.WorkloadSample;
import io.autoagent.guardian.signals.WorkloadStatus;
import java.util.Objects;

/** What the cluster says about a workload: its sample (no app signals yet) and its status. */
public record KubeReading(WorkloadSample sample, WorkloadStatus status) {

  public KubeReading {
    Objects.requireNonNull(sample, "sample");
    Objects.requireNonNull(status, "status");
  }
}

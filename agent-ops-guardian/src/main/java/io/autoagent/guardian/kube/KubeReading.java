package io.autoagent.guardian.kube;

import io.autoagent.guardian.signals.WorkloadSample;
import io.autoagent.guardian.signals.WorkloadStatus;
import java.util.Map;
import java.util.Objects;

/**
 * What the cluster says about a workload: its sample (no app signals yet), its status and the
 * Deployment's annotations (where its own policy is, see {@code WorkloadOverrides}).
 */
public record KubeReading(
    WorkloadSample sample, WorkloadStatus status, Map<String, String> annotations) {

  public KubeReading {
    Objects.requireNonNull(sample, "sample");
    Objects.requireNonNull(status, "status");
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public KubeReading(WorkloadSample sample, WorkloadStatus status) {
    this(sample, status, Map.of());
  }
}

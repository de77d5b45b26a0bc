package io.autoagent.tools.analysis;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything gathered for one alert: the alert and one report per evidence source, including what
 * later stages need from the sources (the workload's live state, the GitOps controller's state, the
 * revision before each change). The first stage of the pipeline ({@code Evidence -> Diagnosis ->
 * Plan -> IncidentReport}): later stages read only this, never the sources themselves.
 *
 * @param alert the alert being analysed
 * @param reports one per source, in a fixed order
 */
public record Evidence(Alert alert, List<SourceReport> reports) {
  public Evidence {
    Objects.requireNonNull(alert, "alert");
    reports = List.copyOf(reports);
  }

  public List<Finding> findings() {
    return reports.stream().flatMap(r -> r.findings().stream()).toList();
  }

  public List<Change> changes() {
    return reports.stream().flatMap(r -> r.changes().stream()).toList();
  }

  /** The workload's live state from the first source that knows it, or null. */
  public WorkloadState workload() {
    return reports.stream()
        .map(SourceReport::workload)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  /**
   * What the GitOps controller (Argo CD) said about the workload, from the first source that knows;
   * or null.
   */
  public SyncState sync() {
    return reports.stream()
        .map(SourceReport::sync)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  /** The revision before {@code revision}, as the source that reported the change saw it. */
  public Optional<String> previousRevision(String revision) {
    return reports.stream()
        .map(r -> r.previousRevisions().get(revision))
        .filter(Objects::nonNull)
        .findFirst();
  }

  /** The first report saying the service does not exist, or null. */
  public SourceReport notFound() {
    return reports.stream()
        .filter(r -> r.status() == SourceReport.Status.NOT_FOUND)
        .findFirst()
        .orElse(null);
  }

  /** Whether any source was unreachable or failed, which makes the analysis partial. */
  public boolean degraded() {
    return reports.stream()
        .anyMatch(
            r ->
                r.status() == SourceReport.Status.UNAVAILABLE
                    || r.status() == SourceReport.Status.ERROR);
  }
}

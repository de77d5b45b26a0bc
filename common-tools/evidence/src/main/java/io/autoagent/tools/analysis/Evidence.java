package io.autoagent.tools.analysis;

import java.util.List;
import java.util.Objects;

/**
 * Everything gathered for one alert: the alert and one report per evidence source.
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
    return reports.stream().map(SourceReport::workload).filter(Objects::nonNull).findFirst().orElse(null);
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

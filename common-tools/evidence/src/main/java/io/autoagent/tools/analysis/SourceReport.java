package io.autoagent.tools.analysis;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one evidence source contributed to an analysis. Made through the static factories; an
 * expected failure (source down, workload missing) is a report, not an exception.
 *
 * @param source name of the source: {@code kubernetes}, {@code git}, {@code argocd}
 * @param status how collection went
 * @param findings what its detectors found (empty unless OK)
 * @param changes recent changes it saw
 * @param workload the workload's live state; null unless this source knows it
 * @param detail why a source was skipped, unavailable or failed, or what was not found
 * @param sync what the GitOps controller (Argo CD) says about the workload's deployment; null
 *     unless this source knows it
 * @param previousRevisions for each change revision this source reported, the revision before it (a
 *     commit's first parent), so later stages need not ask the source again; empty when unknown
 */
public record SourceReport(
    String source,
    Status status,
    List<Finding> findings,
    List<Change> changes,
    WorkloadState workload,
    String detail,
    SyncState sync,
    Map<String, String> previousRevisions) {

  /** Outcome of a collection. */
  public enum Status {
    OK,
    /** The source could not be reached (timeout, connection refused, 5xx). */
    UNAVAILABLE,
    /** The source is not configured or does not apply. */
    SKIPPED,
    /** The source answered but something went wrong on our side. */
    ERROR,
    /** The source works but the alerted service does not exist in it. */
    NOT_FOUND
  }

  public SourceReport {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(status, "status");
    findings = findings == null ? List.of() : List.copyOf(findings);
    changes = changes == null ? List.of() : List.copyOf(changes);
    previousRevisions = previousRevisions == null ? Map.of() : Map.copyOf(previousRevisions);
  }

  /** A report without GitOps state or revision history. */
  public SourceReport(
      String source,
      Status status,
      List<Finding> findings,
      List<Change> changes,
      WorkloadState workload,
      String detail) {
    this(source, status, findings, changes, workload, detail, null, Map.of());
  }

  /** This report with other findings, everything else kept. */
  public SourceReport withFindings(List<Finding> findings) {
    return new SourceReport(
        source, status, findings, changes, workload, detail, sync, previousRevisions);
  }

  /** This report with the GitOps controller's view of the workload. */
  public SourceReport withSync(SyncState sync) {
    return new SourceReport(
        source, status, findings, changes, workload, detail, sync, previousRevisions);
  }

  /** This report with the revision before each of its changes. */
  public SourceReport withPreviousRevisions(Map<String, String> previousRevisions) {
    return new SourceReport(
        source, status, findings, changes, workload, detail, sync, previousRevisions);
  }

  public static SourceReport ok(
      String source, List<Finding> findings, List<Change> changes, WorkloadState workload) {
    return new SourceReport(source, Status.OK, findings, changes, workload, null);
  }

  public static SourceReport skipped(String source, String why) {
    return new SourceReport(source, Status.SKIPPED, null, null, null, why);
  }

  public static SourceReport unavailable(String source, String why) {
    return new SourceReport(source, Status.UNAVAILABLE, null, null, null, why);
  }

  public static SourceReport error(String source, String why) {
    return new SourceReport(source, Status.ERROR, null, null, null, why);
  }

  public static SourceReport notFound(String source, String what) {
    return new SourceReport(source, Status.NOT_FOUND, null, null, null, what);
  }

  /** The value for {@code sources.<name>} in the analysis. */
  public String wireStatus() {
    return switch (status) {
      case OK, NOT_FOUND -> "ok";
      case UNAVAILABLE -> "unavailable";
      case SKIPPED -> "skipped";
      case ERROR -> "error";
    };
  }
}

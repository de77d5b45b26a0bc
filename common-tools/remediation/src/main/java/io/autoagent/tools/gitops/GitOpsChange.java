package io.autoagent.tools.gitops;

import java.util.List;
import java.util.Objects;

/**
 * A change a runbook would make live, to be proposed as a pull request instead.
 *
 * @param namespace the workload's namespace
 * @param workload the workload's {@code metadata.name}
 * @param kind the workload's kind (default {@code Deployment})
 * @param edits the fields to change, applied in order; at least one
 * @param incidentKey {@code namespace/service/category}: the same key reuses the same branch and
 *     pull request
 * @param analysisSummary the analysis, for the pull request's body
 * @param runbookId the runbook that asked for the change
 * @param executionId the runbook execution, or null
 */
public record GitOpsChange(
    String namespace,
    String workload,
    String kind,
    List<FieldEdit> edits,
    String incidentKey,
    String analysisSummary,
    String runbookId,
    String executionId,
    java.time.Instant proposedAt) {

  public static final String DEFAULT_KIND = "Deployment";

  /** A change without a version (items queued by an agent before proposals were versioned). */
  public GitOpsChange(
      String namespace,
      String workload,
      String kind,
      List<FieldEdit> edits,
      String incidentKey,
      String analysisSummary,
      String runbookId,
      String executionId) {
    this(
        namespace,
        workload,
        kind,
        edits,
        incidentKey,
        analysisSummary,
        runbookId,
        executionId,
        null);
  }

  /** The same change, versioned: proposals of one incident land in the order they were made. */
  public GitOpsChange at(java.time.Instant when) {
    return new GitOpsChange(
        namespace,
        workload,
        kind,
        edits,
        incidentKey,
        analysisSummary,
        runbookId,
        executionId,
        when);
  }

  public GitOpsChange {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(incidentKey, "incidentKey");
    Objects.requireNonNull(runbookId, "runbookId");
    kind = Objects.requireNonNullElse(kind, DEFAULT_KIND);
    edits = List.copyOf(edits);
    analysisSummary = Objects.requireNonNullElse(analysisSummary, "");
    if (edits.isEmpty()) {
      throw new IllegalArgumentException("a GitOps change needs at least one field edit");
    }
  }

  /** The incident key {@code namespace/service/category}. */
  public static String incidentKey(String namespace, String service, String category) {
    return namespace + "/" + service + "/" + category;
  }
}

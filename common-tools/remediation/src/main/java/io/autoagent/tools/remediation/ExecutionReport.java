package io.autoagent.tools.remediation;

import java.util.List;
import java.util.Objects;

/**
 * The answer to a runbook execution request, published as a {@code runbook_execution_result}.
 *
 * @param steps every step with its status and changes, then the rollback steps that ran
 * @param preconditions the checks before the first step
 * @param verification the checks after the last step; empty when verification did not run
 * @param verified whether verification held; null when it did not run
 * @param error why it was rejected or failed; null otherwise
 * @param pullRequest what a GitOps execution proposed instead of changing the cluster (its status
 *     is then {@code awaiting_approval}: a person approves by merging); null otherwise
 */
public record ExecutionReport(
    ExecutionRequest request,
    ExecutionStatus status,
    boolean dryRun,
    List<StepReport> steps,
    List<CheckOutcome> preconditions,
    List<CheckOutcome> verification,
    Boolean verified,
    Decision decision,
    ExecutionError error,
    PullRequestReport pullRequest) {

  public ExecutionReport {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(status, "status");
    steps = steps == null ? List.of() : List.copyOf(steps);
    preconditions = preconditions == null ? List.of() : List.copyOf(preconditions);
    verification = verification == null ? List.of() : List.copyOf(verification);
    if (status == ExecutionStatus.REJECTED) {
      Objects.requireNonNull(error, "a rejection needs an error");
    }
  }

  /** A report that proposed no pull request. */
  public ExecutionReport(
      ExecutionRequest request,
      ExecutionStatus status,
      boolean dryRun,
      List<StepReport> steps,
      List<CheckOutcome> preconditions,
      List<CheckOutcome> verification,
      Boolean verified,
      Decision decision,
      ExecutionError error) {
    this(
        request,
        status,
        dryRun,
        steps,
        preconditions,
        verification,
        verified,
        decision,
        error,
        null);
  }

  public String executionId() {
    return request.executionId();
  }

  public static ExecutionReport rejected(
      ExecutionRequest request, Decision decision, ExecutionError error) {
    return new ExecutionReport(
        request,
        ExecutionStatus.REJECTED,
        request.dryRun(),
        List.of(),
        List.of(),
        List.of(),
        null,
        decision,
        error);
  }
}

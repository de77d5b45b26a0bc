package io.autoagent.tools.remediation.store;

import io.autoagent.tools.remediation.CheckOutcome;
import io.autoagent.tools.remediation.ExecutionError;
import io.autoagent.tools.remediation.PullRequestReport;
import io.autoagent.tools.remediation.StepReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The key-value entry of one execution, written before its first step and after every step, so that
 * a second request with its id is a duplicate and an agent that restarts resumes after the last
 * completed step. Stored as JSON.
 *
 * @param requestDigest digest of what the request asks (runbook, target, parameters), so an
 *     approval is only accepted for the exact request that awaits it
 * @param deliveryKey the stream position of the request being executed; a redelivery of it resumes,
 *     any other message with the id is a duplicate
 * @param status the final status once {@code phase} is {@code DONE}; null before
 * @param pullRequest the pull request a GitOps execution proposed; null for other executions
 */
public record ExecutionRecord(
    String executionId,
    String runbookId,
    String requestDigest,
    String deliveryKey,
    String targetKey,
    Phase phase,
    String status,
    boolean dryRun,
    Map<String, Object> parameters,
    List<StepReport> steps,
    List<CheckOutcome> verification,
    ExecutionError error,
    String policy,
    String approvedBy,
    Instant createdAt,
    Instant updatedAt,
    PullRequestReport pullRequest) {

  /** Where an execution is. */
  public enum Phase {
    AWAITING_APPROVAL,
    RUNNING,
    DONE
  }

  public ExecutionRecord {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(phase, "phase");
    parameters =
        parameters == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    steps = steps == null ? List.of() : List.copyOf(steps);
    verification = verification == null ? List.of() : List.copyOf(verification);
  }

  /** A record without a pull request. */
  public ExecutionRecord(
      String executionId,
      String runbookId,
      String requestDigest,
      String deliveryKey,
      String targetKey,
      Phase phase,
      String status,
      boolean dryRun,
      Map<String, Object> parameters,
      List<StepReport> steps,
      List<CheckOutcome> verification,
      ExecutionError error,
      String policy,
      String approvedBy,
      Instant createdAt,
      Instant updatedAt) {
    this(
        executionId,
        runbookId,
        requestDigest,
        deliveryKey,
        targetKey,
        phase,
        status,
        dryRun,
        parameters,
        steps,
        verification,
        error,
        policy,
        approvedBy,
        createdAt,
        updatedAt,
        null);
  }

  /** A copy with one more step report (replacing an earlier report of the same phase and index). */
  public ExecutionRecord withStep(StepReport step, Instant now) {
    List<StepReport> copy = new ArrayList<>(steps);
    copy.removeIf(s -> s.phase().equals(step.phase()) && s.index() == step.index());
    copy.add(step);
    return new ExecutionRecord(
        executionId,
        runbookId,
        requestDigest,
        deliveryKey,
        targetKey,
        phase,
        status,
        dryRun,
        parameters,
        copy,
        verification,
        error,
        policy,
        approvedBy,
        createdAt,
        now,
        pullRequest);
  }

  public ExecutionRecord withSteps(List<StepReport> newSteps, Instant now) {
    return new ExecutionRecord(
        executionId,
        runbookId,
        requestDigest,
        deliveryKey,
        targetKey,
        phase,
        status,
        dryRun,
        parameters,
        newSteps,
        verification,
        error,
        policy,
        approvedBy,
        createdAt,
        now,
        pullRequest);
  }

  public ExecutionRecord running(String newDeliveryKey, String approver, Instant now) {
    return new ExecutionRecord(
        executionId,
        runbookId,
        requestDigest,
        newDeliveryKey,
        targetKey,
        Phase.RUNNING,
        null,
        false,
        parameters,
        steps,
        verification,
        error,
        policy,
        approver,
        createdAt,
        now,
        pullRequest);
  }

  public ExecutionRecord withVerification(List<CheckOutcome> checks, Instant now) {
    return new ExecutionRecord(
        executionId,
        runbookId,
        requestDigest,
        deliveryKey,
        targetKey,
        phase,
        status,
        dryRun,
        parameters,
        steps,
        checks,
        error,
        policy,
        approvedBy,
        createdAt,
        now,
        pullRequest);
  }

  public ExecutionRecord done(String finalStatus, ExecutionError err, Instant now) {
    return new ExecutionRecord(
        executionId,
        runbookId,
        requestDigest,
        deliveryKey,
        targetKey,
        Phase.DONE,
        finalStatus,
        dryRun,
        parameters,
        steps,
        verification,
        err,
        policy,
        approvedBy,
        createdAt,
        now,
        pullRequest);
  }

  /** A copy holding the pull request a GitOps execution proposed. */
  public ExecutionRecord withPullRequest(PullRequestReport pr, Instant now) {
    return new ExecutionRecord(
        executionId,
        runbookId,
        requestDigest,
        deliveryKey,
        targetKey,
        phase,
        status,
        dryRun,
        parameters,
        steps,
        verification,
        error,
        policy,
        approvedBy,
        createdAt,
        now,
        pr);
  }

  /** The report of a step of a phase, if it was recorded. */
  public java.util.Optional<StepReport> step(String stepPhase, int index) {
    return steps.stream()
        .filter(s -> s.phase().equals(stepPhase) && s.index() == index)
        .findFirst();
  }
}

package io.autoagent.tools.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.autoagent.core.messaging.Envelope;
import io.autoagent.core.messaging.WireMessage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code runbook_execution_result} on {@code runbook.execution.infrastructure} ({@code
 * runbook-execution-result.schema.json}): the final result, or a {@code running} update with its
 * {@code sequence}. Serialised once by the agent's mapper (snake_case); null fields are left out,
 * except where the hand-built documents always wrote them: a change's {@code before} and {@code
 * after} ({@code null}: the field was absent), a resource's {@code kind} and the decision's {@code
 * requested_by}. Extra fields beyond the schema: each step's {@code phase}, {@code index}, {@code
 * changes} and {@code undo}, {@code preconditions}, {@code decision}, {@code requested_by} and
 * {@code approval}.
 *
 * @param dryRun the report's: whether nothing was changed
 * @param sequence position of a {@code running} update; null (left out) in the final result
 */
public record RunbookResultMessage(
    @JsonUnwrapped Envelope envelope,
    String executionId,
    String runbookId,
    boolean dryRun,
    Target target,
    String requestedBy,
    Approval approval,
    String status,
    List<Step> steps,
    List<Check> preconditions,
    Verification verification,
    DecisionView decision,
    PullRequest pullRequest,
    Error error,
    Integer sequence)
    implements WireMessage {

  public static final String TYPE = "runbook_execution_result";

  public RunbookResultMessage {
    Objects.requireNonNull(envelope, "envelope");
    steps = List.copyOf(steps);
    preconditions = preconditions == null || preconditions.isEmpty() ? null : preconditions;
  }

  /** The document of {@code report}; {@code sequence} only for a {@code running} update. */
  public static RunbookResultMessage of(
      Envelope envelope, ExecutionReport report, Integer sequence) {
    ExecutionRequest req = report.request();
    return new RunbookResultMessage(
        envelope,
        req.executionId(),
        req.runbookId(),
        report.dryRun(),
        Target.of(req.target()),
        req.requestedBy(),
        req.approval() == null
            ? null
            : new Approval(
                req.approval().approvedBy(),
                req.approval().approvedAt() == null
                    ? null
                    : req.approval().approvedAt().toString()),
        report.status().wire(),
        report.steps().stream().map(Step::of).toList(),
        Check.all(report.preconditions()),
        report.verification().isEmpty() && report.verified() == null
            ? null
            : new Verification(report.verified(), Check.all(report.verification())),
        DecisionView.of(report.decision()),
        PullRequest.of(report.pullRequest()),
        report.error() == null ? null : new Error(report.error().code(), report.error().message()),
        sequence);
  }

  /** What the runbook acted on. */
  public record Target(String namespace, String service, Resource resource) {
    static Target of(ExecutionRequest.Target t) {
      return new Target(
          t.namespace(),
          t.service(),
          t.resourceName() == null ? null : new Resource(t.resourceKind(), t.resourceName()));
    }
  }

  /** The resource a node or object action targets; a missing {@code kind} is written as null. */
  public record Resource(@JsonInclude(JsonInclude.Include.ALWAYS) String kind, String name) {}

  /** Who approved an execution that awaited approval, and when (RFC 3339). */
  public record Approval(String approvedBy, String approvedAt) {}

  /**
   * A step as run (or planned). {@code output} is left out when empty; {@code changes} is always
   * there, empty when the step changed nothing.
   */
  public record Step(
      String name,
      String action,
      String status,
      String phase,
      int index,
      String output,
      String error,
      String startedAt,
      String finishedAt,
      List<Change> changes,
      UndoView undo) {

    static Step of(StepReport s) {
      return new Step(
          s.name(),
          s.action(),
          s.status().wire(),
          s.phase(),
          s.index(),
          s.output() == null || s.output().isEmpty() ? null : s.output(),
          s.error(),
          s.startedAt() == null ? null : s.startedAt().toString(),
          s.finishedAt() == null ? null : s.finishedAt().toString(),
          s.changes().stream().map(Change::of).toList(),
          s.undo() == null ? null : new UndoView(s.undo().action(), s.undo().args()));
    }
  }

  /** A field a step changed: {@code before} or {@code after} is {@code null} when absent. */
  public record Change(
      String object,
      String field,
      @JsonInclude(JsonInclude.Include.ALWAYS) Object before,
      @JsonInclude(JsonInclude.Include.ALWAYS) Object after) {
    static Change of(FieldChange c) {
      return new Change(c.object(), c.field(), c.before(), c.after());
    }
  }

  /** How a step is undone: the action and its arguments. */
  public record UndoView(String action, Map<String, Object> args) {}

  /** A precondition or verification check. */
  public record Check(String check, boolean holds, String detail) {
    static List<Check> all(List<CheckOutcome> checks) {
      return checks.stream().map(c -> new Check(c.check(), c.holds(), c.detail())).toList();
    }
  }

  /** The verification: whether it passed (left out when it did not run to an answer). */
  public record Verification(Boolean passed, List<Check> checks) {}

  /** The policy decision on the execution; a missing {@code requested_by} is written as null. */
  public record DecisionView(
      String outcome,
      String reason,
      String policy,
      @JsonInclude(JsonInclude.Include.ALWAYS) String requestedBy,
      String authentication,
      String approvedBy) {
    static DecisionView of(Decision d) {
      return d == null
          ? null
          : new DecisionView(
              d.outcome(),
              d.reason(),
              d.policy(),
              d.requestedBy(),
              d.trust() == null ? null : d.trust().name().toLowerCase(Locale.ROOT),
              d.approvedBy());
    }
  }

  /** The change proposed as a pull or merge request. */
  public record PullRequest(
      String outcome,
      String url,
      String branch,
      String commit,
      List<String> changes,
      String detail) {
    static PullRequest of(PullRequestReport pr) {
      return pr == null
          ? null
          : new PullRequest(
              pr.outcome().wire(),
              pr.url(),
              pr.branch(),
              pr.commit(),
              List.copyOf(pr.changes()),
              pr.detail());
    }
  }

  /** Why the execution was rejected or failed. */
  public record Error(String code, String message) {}
}

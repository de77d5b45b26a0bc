package io.autoagent.tools.remediation;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.autoagent.core.messaging.Envelope;
import io.autoagent.core.messaging.WireMessage;
import java.util.Objects;

/**
 * The audit trail of a run as {@code agent_event}s on {@code agent.events.<agent>} ({@code
 * event_type} {@code runbook_decision} with the {@code decision}, or {@code runbook_step} with the
 * {@code step}): contract 1.1 keeps {@code runbook.execution.infrastructure} for results only.
 * Serialised once by the agent's mapper; null fields are left out.
 */
public record RunbookAuditEvent(
    @JsonUnwrapped Envelope envelope,
    String eventType,
    String severity,
    String audience,
    String message,
    Context context,
    String executionId,
    String runbookId,
    RunbookResultMessage.DecisionView decision,
    RunbookResultMessage.Step step)
    implements WireMessage {

  public static final String TYPE = "agent_event";
  public static final String DECISION = "runbook_decision";
  public static final String STEP = "runbook_step";

  public RunbookAuditEvent {
    Objects.requireNonNull(envelope, "envelope");
  }

  /** The decision on {@code req}. */
  public static RunbookAuditEvent decision(
      Envelope envelope, ExecutionRequest req, Decision decision) {
    return new RunbookAuditEvent(
        envelope,
        DECISION,
        "info",
        "operator",
        "decision on execution "
            + req.executionId()
            + " of "
            + req.runbookId()
            + ": "
            + decision.outcome(),
        Context.of(req),
        req.executionId(),
        req.runbookId(),
        RunbookResultMessage.DecisionView.of(decision),
        null);
  }

  /** A step of {@code req} as it ran. */
  public static RunbookAuditEvent step(Envelope envelope, ExecutionRequest req, StepReport step) {
    return new RunbookAuditEvent(
        envelope,
        STEP,
        "info",
        "operator",
        "execution "
            + req.executionId()
            + " "
            + step.phase()
            + " "
            + step.name()
            + " "
            + step.status().wire(),
        Context.of(req),
        req.executionId(),
        req.runbookId(),
        null,
        RunbookResultMessage.Step.of(step));
  }

  /** Which execution the event is about. */
  public record Context(
      String executionId,
      String runbookId,
      String namespace,
      String service,
      boolean dryRun,
      String requestedBy) {
    static Context of(ExecutionRequest req) {
      return new Context(
          req.executionId(),
          req.runbookId(),
          req.target().namespace(),
          req.target().service(),
          req.dryRun(),
          req.requestedBy());
    }
  }
}

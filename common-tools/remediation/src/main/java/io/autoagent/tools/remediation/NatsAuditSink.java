package io.autoagent.tools.remediation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.messaging.DocumentPublisher;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.messaging.Publisher;
import java.util.Map;

/**
 * Publishes the audit trail on {@code runbook.execution.infrastructure} (stream AGENT_DATA):
 * results as {@code runbook_execution_result} ({@code runbook-execution-result.schema.json}, with
 * extra fields: each step's {@code changes} with values before and after, {@code preconditions},
 * {@code decision}, {@code requested_by}, {@code approval}, and for a GitOps execution {@code
 * pull_request}: {@code outcome} created, updated or queued, {@code url}, {@code branch}, {@code
 * commit}, {@code changes}, {@code detail}), {@code running} progress with {@code sequence}, and
 * the audit trail (decisions and step changes) as {@code agent_event}s ({@code event_type} {@code
 * runbook_decision} or {@code runbook_step}) on {@code agent.events.<agent>}, where the {@link
 * EventSink} of {@code publish_event} publishes too. Each is a record ({@link
 * RunbookResultMessage}, {@link RunbookAuditEvent}, {@link RemediationEvent}) serialised once
 * through a {@link DocumentPublisher}.
 */
public final class NatsAuditSink implements AuditSink, EventSink {

  public static final String TYPE_RESULT = RunbookResultMessage.TYPE;
  public static final String TYPE_AUDIT = "runbook_execution_audit";

  private final ObjectMapper mapper;
  private final Envelopes envelopes;
  private final DocumentPublisher documents;

  /**
   * @param publisher null only in tests that build documents ({@link #resultDocument}) without
   *     publishing them
   */
  public NatsAuditSink(ObjectMapper mapper, Envelopes envelopes, Publisher publisher) {
    this.mapper = mapper;
    this.envelopes = envelopes;
    this.documents = publisher == null ? null : new DocumentPublisher(mapper, publisher);
  }

  @Override
  public void result(ExecutionReport report, String messageId) {
    documents.publish(Contract.SUBJECT_RUNBOOK_RESULT, resultMessage(report, messageId));
  }

  @Override
  public void decision(ExecutionRequest request, Decision decision, String messageId) {
    documents.publish(
        events(),
        RunbookAuditEvent.decision(
            envelope(RunbookAuditEvent.TYPE, messageId, request.correlationId()),
            request,
            decision));
  }

  @Override
  public void step(ExecutionRequest request, StepReport step, String messageId) {
    documents.publish(
        events(),
        RunbookAuditEvent.step(
            envelope(RunbookAuditEvent.TYPE, messageId, request.correlationId()), request, step));
  }

  @Override
  public void running(ExecutionReport progress, int sequence) {
    String messageId = "execution-" + progress.request().executionId() + "-" + sequence;
    documents.publish(
        Contract.SUBJECT_RUNBOOK_RESULT,
        RunbookResultMessage.of(
            envelope(TYPE_RESULT, messageId, progress.request().correlationId()),
            progress,
            sequence));
  }

  @Override
  public void publish(
      String eventType,
      String severity,
      String message,
      Map<String, Object> context,
      String messageId) {
    documents.publish(
        events(),
        new RemediationEvent(
            envelope(RemediationEvent.TYPE, messageId, null),
            eventType,
            severity,
            "operator",
            message,
            context));
  }

  /**
   * The result document of a report as a tree, as published (for tests that validate it against the
   * schema).
   */
  public ObjectNode resultDocument(ExecutionReport report, String messageId) {
    return mapper.valueToTree(resultMessage(report, messageId));
  }

  /** The result document of a report, as published. */
  public RunbookResultMessage resultMessage(ExecutionReport report, String messageId) {
    return RunbookResultMessage.of(
        envelope(TYPE_RESULT, messageId, report.request().correlationId()), report, null);
  }

  private io.autoagent.core.messaging.Envelope envelope(
      String type, String messageId, String correlationId) {
    return envelopes.envelope(type, messageId, correlationId);
  }

  private String events() {
    return Contract.SUBJECT_EVENTS_PREFIX + envelopes.source();
  }
}

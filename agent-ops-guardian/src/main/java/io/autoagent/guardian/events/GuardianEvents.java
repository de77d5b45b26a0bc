package io.autoagent.guardian.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.messaging.DocumentPublisher;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.messaging.Publisher;
import io.autoagent.guardian.coordination.Pause;
import io.autoagent.guardian.decision.Decision;
import io.autoagent.guardian.signals.WorkloadRef;
import java.util.List;
import java.util.Objects;

/**
 * Publishes the Guardian's events on {@code agent.events.ops-guardian} (stream {@code AGENT_DATA})
 * with the envelope, {@code event_type}, {@code severity}, {@code audience: operator}, and a {@code
 * context} of {@code service_name}, {@code from_replicas}, {@code to_replicas}, {@code reason},
 * {@code confidence}: each a {@link GuardianEvent} record serialised once through a {@link
 * DocumentPublisher}. Publication retries inside {@link Publisher}; when it still fails the {@link
 * io.autoagent.core.RetriableException} reaches the caller.
 */
public final class GuardianEvents {

  public static final String TYPE = "agent_event";
  public static final String COORDINATION_PAUSED = "coordination_paused";
  public static final String COORDINATION_RESUMED = "coordination_resumed";
  public static final String COMMAND_REJECTED = "command_rejected";
  public static final String COMMAND_FAILED = "command_failed";
  public static final String GUARDIAN_STATUS = "guardian_status";

  private final Envelopes envelopes;
  private final DocumentPublisher documents;

  public GuardianEvents(ObjectMapper mapper, Envelopes envelopes, Publisher publisher) {
    this(envelopes, new DocumentPublisher(mapper, publisher));
  }

  /** With {@code documents} null, only the {@code *Event} builders work (tests). */
  GuardianEvents(Envelopes envelopes, DocumentPublisher documents) {
    this.envelopes = Objects.requireNonNull(envelopes, "envelopes");
    this.documents = documents;
  }

  /**
   * One decision and what was done with it.
   *
   * @param replicas the workload's replicas when decided (for decisions that change nothing)
   * @param pause the pause that deferred it, for {@link DecisionOutcome#PAUSED}; otherwise null
   * @param detail extra words for the reason (a failure), or null
   */
  public void decision(
      String messageId,
      String correlationId,
      WorkloadRef workload,
      Decision decision,
      DecisionOutcome outcome,
      int replicas,
      Pause pause,
      String detail) {
    if (outcome.eventType() == null) {
      return;
    }
    publish(
        decisionEvent(
            messageId, correlationId, workload, decision, outcome, replicas, pause, detail));
  }

  GuardianEvent decisionEvent(
      String messageId,
      String correlationId,
      WorkloadRef workload,
      Decision decision,
      DecisionOutcome outcome,
      int replicas,
      Pause pause,
      String detail) {
    String reason = decision.reason();
    if (pause != null) {
      reason =
          "paused by "
              + pause.requestedBy()
              + (pause.reason().isEmpty() ? "" : " (" + pause.reason() + ")")
              + ": wanted "
              + reason;
    }
    return GuardianEvent.of(
        envelopes.envelope(TYPE, messageId, correlationId),
        outcome.eventType(),
        severity(decision, outcome),
        new GuardianEvent.DecisionContext(
            workload.name(),
            workload.namespace(),
            decision.fromReplicas() != null ? decision.fromReplicas() : replicas,
            decision.toReplicas() != null ? decision.toReplicas() : replicas,
            pause == null ? null : pause.requestedBy(),
            pause == null ? null : pause.expiresAt().toString(),
            detail == null ? reason : reason + ": " + detail,
            decision.confidence(),
            decision.kind().name().toLowerCase(java.util.Locale.ROOT),
            decision.basis().name().toLowerCase(java.util.Locale.ROOT),
            decision.retryAfter() == null ? null : decision.retryAfter().toSeconds()));
  }

  /** {@code coordination_paused}: scaling of the named services waits until resume or expiry. */
  public void paused(String messageId, Pause pause) {
    publish(pausedEvent(messageId, pause));
  }

  GuardianEvent pausedEvent(String messageId, Pause pause) {
    return GuardianEvent.of(
        envelopes.envelope(TYPE, messageId, pause.correlationId()),
        COORDINATION_PAUSED,
        "medium",
        new GuardianEvent.CoordinationContext(
            String.join(",", pause.services()),
            pause.services(),
            pause.reason(),
            1.0,
            pause.requestedBy(),
            pause.ttl().toSeconds(),
            pause.expiresAt().toString(),
            null));
  }

  /** {@code coordination_resumed}: by a resume, or because a pause expired ({@code expired}). */
  public void resumed(
      String messageId,
      String correlationId,
      List<Pause> ended,
      String requestedBy,
      boolean expired) {
    publish(resumedEvent(messageId, correlationId, ended, requestedBy, expired));
  }

  GuardianEvent resumedEvent(
      String messageId,
      String correlationId,
      List<Pause> ended,
      String requestedBy,
      boolean expired) {
    List<String> services = ended.stream().flatMap(p -> p.services().stream()).distinct().toList();
    if (services.isEmpty()) {
      services = List.of(Pause.ALL);
    }
    String reason =
        expired
            ? "pause by " + ended.stream().map(Pause::requestedBy).distinct().toList() + " expired"
            : "resumed by " + requestedBy;
    return GuardianEvent.of(
        envelopes.envelope(TYPE, messageId, correlationId),
        COORDINATION_RESUMED,
        "low",
        new GuardianEvent.CoordinationContext(
            String.join(",", services), services, reason, 1.0, requestedBy, null, null, expired));
  }

  /** {@code command_rejected}: a command or coordination message that cannot be used. */
  public void rejected(
      String messageId, String correlationId, String subject, String why, String payload) {
    publish(rejectedEvent(messageId, correlationId, subject, why, payload));
  }

  GuardianEvent rejectedEvent(
      String messageId, String correlationId, String subject, String why, String payload) {
    return new GuardianEvent(
        envelopes.envelope(TYPE, messageId, correlationId),
        COMMAND_REJECTED,
        "medium",
        "operator",
        subject,
        why,
        payload == null || payload.length() <= 4096 ? payload : payload.substring(0, 4096),
        new GuardianEvent.RejectedContext("*", why, 1.0));
  }

  /** {@code command_failed}: a command given up after its last delivery. */
  public void failed(String messageId, String correlationId, String subject, String why) {
    publish(failedEvent(messageId, correlationId, subject, why));
  }

  GuardianEvent failedEvent(String messageId, String correlationId, String subject, String why) {
    return new GuardianEvent(
        envelopes.envelope(TYPE, messageId, correlationId),
        COMMAND_FAILED,
        "high",
        "operator",
        subject,
        why,
        null,
        null);
  }

  /**
   * {@code guardian_status}: this instance's view (a record serialised as the {@code context}),
   * asked for by a {@code status} command.
   */
  public void status(String messageId, String correlationId, Object view) {
    publish(statusEvent(messageId, correlationId, view));
  }

  GuardianEvent statusEvent(String messageId, String correlationId, Object view) {
    return GuardianEvent.of(
        envelopes.envelope(TYPE, messageId, correlationId), GUARDIAN_STATUS, "info", view);
  }

  private void publish(GuardianEvent event) {
    documents.publish(Contract.SUBJECT_EVENTS_PREFIX + envelopes.source(), event);
  }

  private static String severity(Decision decision, DecisionOutcome outcome) {
    return switch (outcome) {
      case SCALED -> decision.isScaleUp() ? "medium" : "low";
      case BLOCKED, FAILED -> "high";
      default -> "low";
    };
  }
}

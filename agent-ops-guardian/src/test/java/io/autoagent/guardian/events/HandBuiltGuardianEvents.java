package io.autoagent.guardian.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.guardian.coordination.Pause;
import io.autoagent.guardian.decision.Decision;
import io.autoagent.guardian.signals.WorkloadRef;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@link GuardianEvents} as it built its events by hand ({@code ObjectNode.put}) before they became
 * records, kept verbatim but for returning each event instead of publishing it, so that tests can
 * pin the records' JSON to it.
 */
final class HandBuiltGuardianEvents {

  static final String TYPE = "agent_event";
  static final String COORDINATION_PAUSED = "coordination_paused";
  static final String COORDINATION_RESUMED = "coordination_resumed";
  static final String COMMAND_REJECTED = "command_rejected";
  static final String COMMAND_FAILED = "command_failed";
  static final String GUARDIAN_STATUS = "guardian_status";

  private final ObjectMapper mapper;
  private final Envelopes envelopes;

  HandBuiltGuardianEvents(ObjectMapper mapper, Envelopes envelopes) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.envelopes = Objects.requireNonNull(envelopes, "envelopes");
  }

  /**
   * One decision and what was done with it.
   *
   * @param replicas the workload's replicas when decided (for decisions that change nothing)
   * @param pause the pause that deferred it, for {@link DecisionOutcome#PAUSED}; otherwise null
   * @param detail extra words for the reason (a failure), or null
   */
  ObjectNode decision(
      String messageId,
      String correlationId,
      WorkloadRef workload,
      Decision decision,
      DecisionOutcome outcome,
      int replicas,
      Pause pause,
      String detail) {
    if (outcome.eventType() == null) {
      return null;
    }
    ObjectNode event =
        event(outcome.eventType(), severity(decision, outcome), messageId, correlationId);
    ObjectNode context = event.putObject("context");
    context.put("service_name", workload.name());
    context.put("namespace", workload.namespace());
    context.put(
        "from_replicas", decision.fromReplicas() != null ? decision.fromReplicas() : replicas);
    context.put("to_replicas", decision.toReplicas() != null ? decision.toReplicas() : replicas);
    String reason = decision.reason();
    if (pause != null) {
      reason =
          "paused by "
              + pause.requestedBy()
              + (pause.reason().isEmpty() ? "" : " (" + pause.reason() + ")")
              + ": wanted "
              + reason;
      context.put("paused_by", pause.requestedBy());
      context.put("pause_expires_at", pause.expiresAt().toString());
    }
    context.put("reason", detail == null ? reason : reason + ": " + detail);
    context.put("confidence", decision.confidence());
    context.put("decision", decision.kind().name().toLowerCase(java.util.Locale.ROOT));
    context.put("basis", decision.basis().name().toLowerCase(java.util.Locale.ROOT));
    if (decision.retryAfter() != null) {
      context.put("retry_after_s", decision.retryAfter().toSeconds());
    }
    return event;
  }

  /** {@code coordination_paused}: scaling of the named services waits until resume or expiry. */
  ObjectNode paused(String messageId, Pause pause) {
    ObjectNode event = event(COORDINATION_PAUSED, "medium", messageId, pause.correlationId());
    ObjectNode context = coordinationContext(event, pause.services(), pause.reason());
    context.put("requested_by", pause.requestedBy());
    context.put("ttl_s", pause.ttl().toSeconds());
    context.put("expires_at", pause.expiresAt().toString());
    return event;
  }

  /** {@code coordination_resumed}: by a resume, or because a pause expired ({@code expired}). */
  ObjectNode resumed(
      String messageId,
      String correlationId,
      List<Pause> ended,
      String requestedBy,
      boolean expired) {
    ObjectNode event = event(COORDINATION_RESUMED, "low", messageId, correlationId);
    List<String> services = ended.stream().flatMap(p -> p.services().stream()).distinct().toList();
    String reason =
        expired
            ? "pause by " + ended.stream().map(Pause::requestedBy).distinct().toList() + " expired"
            : "resumed by " + requestedBy;
    ObjectNode context =
        coordinationContext(event, services.isEmpty() ? List.of(Pause.ALL) : services, reason);
    context.put("requested_by", requestedBy);
    context.put("expired", expired);
    return event;
  }

  /** {@code command_rejected}: a command or coordination message that cannot be used. */
  ObjectNode rejected(
      String messageId, String correlationId, String subject, String why, String payload) {
    ObjectNode event = event(COMMAND_REJECTED, "medium", messageId, correlationId);
    event.put("subject", subject);
    event.put("reason", why);
    if (payload != null) {
      event.put("payload", payload.length() > 4096 ? payload.substring(0, 4096) : payload);
    }
    ObjectNode context = event.putObject("context");
    context.put("service_name", "*");
    context.put("reason", why);
    context.put("confidence", 1.0);
    return event;
  }

  /** {@code command_failed}: a command given up after its last delivery. */
  ObjectNode failed(String messageId, String correlationId, String subject, String why) {
    ObjectNode event = event(COMMAND_FAILED, "high", messageId, correlationId);
    event.put("subject", subject);
    event.put("reason", why);
    return event;
  }

  /** {@code guardian_status}: this instance's view, asked for by a {@code status} command. */
  ObjectNode status(String messageId, String correlationId, Consumer<ObjectNode> fill) {
    ObjectNode event = event(GUARDIAN_STATUS, "info", messageId, correlationId);
    fill.accept(event.putObject("context"));
    return event;
  }

  private ObjectNode coordinationContext(ObjectNode event, List<String> services, String reason) {
    ObjectNode context = event.putObject("context");
    context.put("service_name", String.join(",", services));
    ArrayNode list = context.putArray("services");
    services.forEach(list::add);
    context.put("reason", reason);
    context.put("confidence", 1.0);
    return context;
  }

  private ObjectNode event(
      String eventType, String severity, String messageId, String correlationId) {
    ObjectNode event = envelopes.create(TYPE, messageId, correlationId);
    event.put("event_type", eventType);
    event.put("severity", severity);
    event.put("audience", "operator");
    return event;
  }

  private static String severity(Decision decision, DecisionOutcome outcome) {
    return switch (outcome) {
      case SCALED -> decision.isScaleUp() ? "medium" : "low";
      case BLOCKED, FAILED -> "high";
      default -> "low";
    };
  }
}

package io.autoagent.guardian.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.messaging.Publisher;
import io.autoagent.guardian.coordination.Pause;
import io.autoagent.guardian.decision.Decision;
import io.autoagent.guardian.signals.WorkloadRef;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Publishes the Guardian's events on {@code agent.events.ops-guardian} (stream {@code AGENT_DATA})
 * with the envelope, {@code event_type}, {@code severity}, {@code audience: operator}, and a {@code
 * context} of {@code service_name}, {@code from_replicas}, {@code to_replicas}, {@code reason},
 * {@code confidence}. Publication retries inside {@link Publisher}; when it still fails the {@link
 * io.autoagent.core.RetriableException} reaches the caller.
 */
public final class GuardianEvents {

  public static final String TYPE = "agent_event";
  public static final String COORDINATION_PAUSED = "coordination_paused";
  public static final String COORDINATION_RESUMED = "coordination_resumed";
  public static final String COMMAND_REJECTED = "command_rejected";
  public static final String COMMAND_FAILED = "command_failed";
  public static final String GUARDIAN_STATUS = "guardian_status";

  private final ObjectMapper mapper;
  private final Envelopes envelopes;
  private final Publisher publisher;

  public GuardianEvents(ObjectMapper mapper, Envelopes envelopes, Publisher publisher) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.envelopes = Objects.requireNonNull(envelopes, "envelopes");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
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
    publish(messageId, event);
  }

  /** {@code coordination_paused}: scaling of the named services waits until resume or expiry. */
  public void paused(String messageId, Pause pause) {
    ObjectNode event = event(COORDINATION_PAUSED, "medium", messageId, pause.correlationId());
    ObjectNode context = coordinationContext(event, pause.services(), pause.reason());
    context.put("requested_by", pause.requestedBy());
    context.put("ttl_s", pause.ttl().toSeconds());
    context.put("expires_at", pause.expiresAt().toString());
    publish(messageId, event);
  }

  /** {@code coordination_resumed}: by a resume, or because a pause expired ({@code expired}). */
  public void resumed(
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
    publish(messageId, event);
  }

  /** {@code command_rejected}: a command or coordination message that cannot be used. */
  public void rejected(
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
    publish(messageId, event);
  }

  /** {@code command_failed}: a command given up after its last delivery. */
  public void failed(String messageId, String correlationId, String subject, String why) {
    ObjectNode event = event(COMMAND_FAILED, "high", messageId, correlationId);
    event.put("subject", subject);
    event.put("reason", why);
    publish(messageId, event);
  }

  /** {@code guardian_status}: this instance's view, asked for by a {@code status} command. */
  public void status(String messageId, String correlationId, Consumer<ObjectNode> fill) {
    ObjectNode event = event(GUARDIAN_STATUS, "info", messageId, correlationId);
    fill.accept(event.putObject("context"));
    publish(messageId, event);
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

  private void publish(String messageId, ObjectNode event) {
    publisher.publish(
        Contract.SUBJECT_EVENTS_PREFIX + envelopes.source(), messageId, Json.bytes(mapper, event));
  }

  private static String severity(Decision decision, DecisionOutcome outcome) {
    return switch (outcome) {
      case SCALED -> decision.isScaleUp() ? "medium" : "low";
      case BLOCKED, FAILED -> "high";
      default -> "low";
    };
  }
}

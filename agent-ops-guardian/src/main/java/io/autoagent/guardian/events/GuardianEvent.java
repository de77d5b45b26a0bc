package io.autoagent.guardian.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.autoagent.core.messaging.Envelope;
import io.autoagent.core.messaging.WireMessage;
import java.util.List;
import java.util.Objects;

/**
 * An {@code agent_event} of the Guardian on {@code agent.events.ops-guardian}: the envelope, {@code
 * event_type}, {@code severity}, {@code audience: operator}, for commands also {@code subject},
 * {@code reason} and (rejected ones) the {@code payload}, and a {@code context} record. Serialised
 * once by the agent's mapper; null fields are left out. Made by {@link GuardianEvents}.
 *
 * @param context one of the context records below, or the Guardian's status view; null for {@code
 *     command_failed}
 */
public record GuardianEvent(
    @JsonUnwrapped Envelope envelope,
    String eventType,
    String severity,
    String audience,
    String subject,
    String reason,
    String payload,
    Object context)
    implements WireMessage {

  public GuardianEvent {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(eventType, "eventType");
  }

  /** An event with only a context. */
  static GuardianEvent of(Envelope envelope, String eventType, String severity, Object context) {
    return new GuardianEvent(envelope, eventType, severity, "operator", null, null, null, context);
  }

  /**
   * A scaling decision and what was done with it.
   *
   * @param pausedBy who paused it, for a deferred decision; else null
   * @param retryAfterS when to ask again, for a decision that says so; else null
   */
  public record DecisionContext(
      String serviceName,
      String namespace,
      int fromReplicas,
      int toReplicas,
      String pausedBy,
      String pauseExpiresAt,
      String reason,
      double confidence,
      String decision,
      String basis,
      Long retryAfterS) {}

  /**
   * A pause or resume: {@code service_name} joins the services with commas.
   *
   * @param requestedBy who paused or resumed; written even when null
   * @param ttlS a pause's time to live; null for a resume
   * @param expiresAt when a pause ends by itself; null for a resume
   * @param expired for a resume, whether the pause expired; null for a pause
   */
  public record CoordinationContext(
      String serviceName,
      List<String> services,
      String reason,
      double confidence,
      @JsonInclude(JsonInclude.Include.ALWAYS) String requestedBy,
      Long ttlS,
      String expiresAt,
      Boolean expired) {

    public CoordinationContext {
      services = List.copyOf(services);
    }
  }

  /** The context of a rejected command: every service, and why. */
  public record RejectedContext(String serviceName, String reason, double confidence) {}
}

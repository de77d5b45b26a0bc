package io.autoagent.tools.remediation;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.autoagent.core.messaging.Envelope;
import io.autoagent.core.messaging.WireMessage;
import java.util.Map;
import java.util.Objects;

/**
 * An {@code agent_event} a runbook step publishes ({@code publish_event}) on {@code
 * agent.events.<agent>}, for operators; its {@code context} is the step's, as given.
 */
public record RemediationEvent(
    @JsonUnwrapped Envelope envelope,
    String eventType,
    String severity,
    String audience,
    String message,
    Map<String, Object> context)
    implements WireMessage {

  public static final String TYPE = "agent_event";

  public RemediationEvent {
    Objects.requireNonNull(envelope, "envelope");
  }
}

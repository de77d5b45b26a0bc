package io.autoagent.core.messaging;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * The {@code agent_event} ({@code event_type: dead_letter}) published on {@code
 * agent.events.<agent>} for a request the agent gave up on, carrying the original payload so that
 * nothing is lost when the request is terminated. Serialised once by the agent's mapper; null
 * fields are left out.
 *
 * @param requestMessageId the request's {@code Nats-Msg-Id}; null when it had none
 * @param payload the request body when it is valid UTF-8, else null
 * @param payloadBase64 the request body in base64 when it is not valid UTF-8, else null
 */
public record DeadLetterEvent(
    @JsonUnwrapped Envelope envelope,
    String eventType,
    String severity,
    String audience,
    String reason,
    String subject,
    String stream,
    long streamSequence,
    long deliveries,
    String requestMessageId,
    String payload,
    String payloadBase64)
    implements WireMessage {

  public static final String TYPE = "agent_event";
  public static final String EVENT_TYPE = "dead_letter";

  public DeadLetterEvent {
    Objects.requireNonNull(envelope, "envelope");
  }

  /** The message id of the dead letter of {@code request}: one per stream message. */
  public static String messageId(Request request) {
    return "dead-letter-" + request.stream() + "-" + request.streamSequence();
  }

  /** The dead letter of {@code request}, given up on for {@code reason}. */
  public static DeadLetterEvent of(Envelope envelope, Request request, String reason) {
    String text = utf8(request.data());
    return new DeadLetterEvent(
        envelope,
        EVENT_TYPE,
        "high",
        "operator",
        reason,
        request.subject(),
        request.stream(),
        request.streamSequence(),
        request.delivery(),
        request.messageId(),
        text,
        text == null ? Base64.getEncoder().encodeToString(request.data()) : null);
  }

  /** The payload as text when it is valid UTF-8, else null. */
  private static String utf8(byte[] data) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}

package io.autoagent.core.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Publishes the dead-letter event for a request the agent gave up on: an {@code
 * agent.events.<agent>} event carrying the original payload, so nothing is lost even when the
 * request is terminated.
 */
final class DeadLetters {

  private final ObjectMapper mapper;
  private final Envelopes envelopes;
  private final Publisher publisher;

  DeadLetters(ObjectMapper mapper, Envelopes envelopes, Publisher publisher) {
    this.mapper = mapper;
    this.envelopes = envelopes;
    this.publisher = publisher;
  }

  void publish(Request request, String reason, String correlationId) {
    String messageId = "dead-letter-" + request.stream() + "-" + request.streamSequence();
    ObjectNode event = envelopes.create("agent_event", messageId, correlationId);
    event.put("event_type", "dead_letter");
    event.put("severity", "high");
    event.put("audience", "operator");
    event.put("reason", reason);
    event.put("subject", request.subject());
    event.put("stream", request.stream());
    event.put("stream_sequence", request.streamSequence());
    event.put("deliveries", request.delivery());
    if (request.messageId() != null) {
      event.put("request_message_id", request.messageId());
    }
    String text = utf8(request.data());
    if (text != null) {
      event.put("payload", text);
    } else {
      event.put("payload_base64", Base64.getEncoder().encodeToString(request.data()));
    }
    publisher.publish(
        Contract.SUBJECT_EVENTS_PREFIX + envelopes.source(),
        messageId,
        io.autoagent.core.json.Json.bytes(mapper, event));
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

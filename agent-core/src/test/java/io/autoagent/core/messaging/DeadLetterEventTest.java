package io.autoagent.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.json.Json;
import io.autoagent.core.testing.Schemas;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter record serialises to the very bytes the hand-built event published for the same
 * request (that code is kept below), and is a valid envelope.
 */
class DeadLetterEventTest {

  private final ObjectMapper mapper = Json.newMapper();
  private final Envelopes envelopes =
      new Envelopes(
          mapper,
          "infrastructure-agent",
          Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));

  @Test
  void serialisesToTheBytesOfTheHandBuiltEventForTextAndBinaryPayloads() {
    List<Request> requests =
        List.of(
            new Request(
                "infrastructure_agent",
                "{\"alert_id\": \"a-1\"}".getBytes(StandardCharsets.UTF_8),
                "m-1",
                "AGENT_TASKS",
                42,
                5,
                true,
                Map.of()),
            new Request(
                "runbook.execute.infrastructure",
                new byte[] {(byte) 0xff, (byte) 0xfe, 0x01},
                null,
                "RUNBOOK_EXECUTIONS",
                7,
                1,
                false,
                Map.of()));
    for (Request request : requests) {
      // when
      byte[] record =
          Json.bytes(
              mapper,
              DeadLetterEvent.of(
                  envelopes.envelope(
                      DeadLetterEvent.TYPE, DeadLetterEvent.messageId(request), "c-1"),
                  request,
                  "handler failed 5 times"));
      byte[] handBuilt = Json.bytes(mapper, handBuilt(request, "handler failed 5 times", "c-1"));

      // then
      String json = new String(record, StandardCharsets.UTF_8);
      assertThat(json).isEqualTo(new String(handBuilt, StandardCharsets.UTF_8));
      Schemas.assertValid(ContractSchemas.ENVELOPE, json);
    }
  }

  /** {@code DeadLetters.publish}'s event as it was built by hand before it became a record. */
  private ObjectNode handBuilt(Request request, String reason, String correlationId) {
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
    return event;
  }

  private static String utf8(byte[] data) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}

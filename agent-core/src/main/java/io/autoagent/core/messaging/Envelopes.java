package io.autoagent.core.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Makes the envelope every published message carries ({@code envelope.schema.json}). */
public final class Envelopes {

  private final ObjectMapper mapper;
  private final String source;
  private final Clock clock;

  /**
   * @param source {@code infrastructure-agent} or {@code ops-guardian}
   */
  public Envelopes(ObjectMapper mapper, String source, Clock clock) {
    this.mapper = mapper;
    this.source = source;
    this.clock = clock;
  }

  /**
   * A new message with its envelope filled in.
   *
   * @param correlationId from the request; a new one is made when null
   */
  public ObjectNode create(String type, String messageId, String correlationId) {
    ObjectNode node = mapper.createObjectNode();
    node.put("message_id", messageId);
    node.put(
        "correlation_id", correlationId != null ? correlationId : UUID.randomUUID().toString());
    node.put("type", type);
    node.put("source", source);
    node.put("timestamp", now().toString());
    node.put("schema_version", Contract.SCHEMA_VERSION);
    return node;
  }

  /**
   * A new envelope for a {@link WireMessage}; the same fields as {@link #create}.
   *
   * @param correlationId from the request; a new one is made when null
   */
  public Envelope envelope(String type, String messageId, String correlationId) {
    return new Envelope(
        messageId,
        correlationId != null ? correlationId : UUID.randomUUID().toString(),
        type,
        source,
        now().toString(),
        Contract.SCHEMA_VERSION);
  }

  public String source() {
    return source;
  }

  /** The current time in whole milliseconds, as RFC 3339 UTC. */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}

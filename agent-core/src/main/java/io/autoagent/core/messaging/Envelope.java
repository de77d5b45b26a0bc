package io.autoagent.core.messaging;

import java.util.Objects;

/**
 * The envelope every published message carries ({@code envelope.schema.json}), unwrapped into the
 * document's top level by {@link WireMessage}s. Made by {@link Envelopes#envelope}.
 *
 * @param messageId unique; also the {@code Nats-Msg-Id} header, so JetStream drops duplicates
 * @param correlationId copied from the request; a new one when there was none
 * @param type the document's type, e.g. {@code infrastructure_analysis}
 * @param source {@code infrastructure-agent} or {@code ops-guardian}
 * @param timestamp RFC 3339 UTC, whole milliseconds
 * @param schemaVersion {@link Contract#SCHEMA_VERSION}
 */
public record Envelope(
    String messageId,
    String correlationId,
    String type,
    String source,
    String timestamp,
    String schemaVersion) {
  public Envelope {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(schemaVersion, "schemaVersion");
  }
}

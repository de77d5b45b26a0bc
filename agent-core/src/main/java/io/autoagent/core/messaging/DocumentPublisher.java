package io.autoagent.core.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.json.Json;
import java.util.Objects;

/**
 * The one way an agent publishes its documents: each {@link WireMessage} is serialised once, by the
 * agent's mapper, and handed to the {@link Publisher} (which redacts it and publishes it with its
 * envelope's message id, retrying with the same id). Thread-safe.
 */
public final class DocumentPublisher {

  private final ObjectMapper mapper;
  private final Publisher publisher;

  public DocumentPublisher(ObjectMapper mapper, Publisher publisher) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
  }

  /**
   * Publishes {@code document} on {@code subject} (a subject a stream captures).
   *
   * @return the serialised document, before the publisher's redaction
   * @throws io.autoagent.core.RetriableException when the stream did not acknowledge
   */
  public byte[] publish(String subject, WireMessage document) {
    byte[] body = Json.bytes(mapper, document);
    publisher.publish(subject, document.envelope().messageId(), body);
    return body;
  }

  /**
   * Publishes {@code document} on core NATS (heartbeats): fire-and-forget, dropped while
   * disconnected, redacted like every publication.
   *
   * @return the serialised document, before the publisher's redaction
   */
  public byte[] publishCore(String subject, WireMessage document) {
    byte[] body = Json.bytes(mapper, document);
    publisher.publishCore(subject, body);
    return body;
  }

  /** The mapper documents are serialised with. */
  public ObjectMapper mapper() {
    return mapper;
  }
}

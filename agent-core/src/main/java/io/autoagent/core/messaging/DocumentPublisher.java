package io.autoagent.core.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.json.Json;
import io.autoagent.core.llm.JsonRedaction;
import io.autoagent.core.llm.Redactor;
import java.util.Objects;

/**
 * The one way an agent publishes its documents: each {@link WireMessage} is serialised once, by the
 * agent's mapper, redacted as it is written (every string through the {@link Publisher}'s {@link
 * Redactor}, as {@link io.autoagent.core.llm.JsonRedaction} would redact the serialised bytes), and
 * published with its envelope's message id, retrying with the same id. Thread-safe.
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
   * @return the serialised document as published (redacted)
   * @throws io.autoagent.core.RetriableException when the stream did not acknowledge
   */
  public byte[] publish(String subject, WireMessage document) {
    byte[] body = redacted(mapper, publisher.redactor(), document);
    publisher.publishRedacted(subject, document.envelope().messageId(), body);
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

  /**
   * {@code value} serialised by {@code mapper} with every string redacted on the way out: the same
   * bytes as {@code JsonRedaction.redact(Json.bytes(mapper, value), redactor)}, without parsing the
   * serialised document back and writing it a second time.
   */
  static byte[] redacted(ObjectMapper mapper, Redactor redactor, Object value) {
    return JsonRedaction.serialize(mapper, value, redactor);
  }

  /** The mapper documents are serialised with. */
  public ObjectMapper mapper() {
    return mapper;
  }
}

package io.autoagent.core.messaging;

import io.autoagent.core.RetriableException;
import io.autoagent.core.llm.JsonRedaction;
import io.autoagent.core.llm.Redactor;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the agents' messages. Stream publications carry a deterministic {@code Nats-Msg-Id} and
 * are retried with the same id, so a retry or a redelivered request never stores a result twice
 * inside the stream's duplicate window.
 *
 * <p>It is the one way the agents publish, and it redacts every body before it leaves (contract
 * 1.1: no secret leaves an agent): each string of a JSON document goes through the {@link
 * Redactor}, so a credential quoted in a log line, an event, an annotation or a commit message of
 * the evidence is published as {@code [REDACTED]} whatever document carries it.
 */
public final class Publisher {

  private static final Logger log = LoggerFactory.getLogger(Publisher.class);
  private static final int ATTEMPTS = 4;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

  private final Connection connection;
  private final JetStream jetStream;
  private final Redactor redactor;

  /** A publisher that redacts by pattern. */
  public Publisher(Connection connection) throws IOException {
    this(connection, connection.jetStream(), new Redactor());
  }

  public Publisher(Connection connection, Redactor redactor) throws IOException {
    this(connection, connection.jetStream(), redactor);
  }

  /** Publishes through {@code stores}' JetStream context (its domain, when one is configured). */
  public Publisher(JetStreamStores stores) throws IOException {
    this(stores.connection(), stores.jetStream(), new Redactor());
  }

  /** As {@link #Publisher(JetStreamStores)}, with the given redaction (never off). */
  public Publisher(JetStreamStores stores, Redactor redactor) throws IOException {
    this(stores.connection(), stores.jetStream(), redactor);
  }

  private Publisher(Connection connection, JetStream jetStream, Redactor redactor) {
    this.connection = connection;
    this.jetStream = jetStream;
    this.redactor =
        redactor.enabled() ? redactor : new Redactor(); // never off: the contract forbids it
  }

  /** The redaction every publication goes through. */
  public Redactor redactor() {
    return redactor;
  }

  /**
   * Publishes to a subject a stream captures and waits for the stream's acknowledgement.
   *
   * @throws RetriableException when the server did not acknowledge after a few attempts; the caller
   *     should let the request be redelivered, which republishes with the same id
   */
  public PublishAck publish(String subject, String messageId, byte[] body) {
    return publish(subject, messageId, body, redactor);
  }

  /**
   * {@link #publish(String, String, byte[])} redacted with {@code scoped}: this publisher's
   * redaction plus what one analysis knows is secret (the names and values of the workload's
   * Secret-backed variables).
   */
  public PublishAck publish(String subject, String messageId, byte[] document, Redactor scoped) {
    return publishRedacted(
        subject, messageId, JsonRedaction.redact(document, scoped.enabled() ? scoped : redactor));
  }

  /**
   * Publishes a body already redacted with {@link #redactor()} (as {@link DocumentPublisher} writes
   * it), waiting for the stream's acknowledgement, retried as {@link #publish(String, String,
   * byte[])}.
   */
  PublishAck publishRedacted(String subject, String messageId, byte[] body) {
    PublishOptions options = PublishOptions.builder().messageId(messageId).build();
    Duration backoff = FIRST_BACKOFF;
    Exception last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return jetStream.publish(subject, new Headers(), body, options);
      } catch (IOException | JetStreamApiException | IllegalStateException e) {
        last = e;
        log.warn(
            "Publish of {} to {} failed (attempt {}/{}): {}",
            messageId,
            subject,
            attempt,
            ATTEMPTS,
            e.toString());
        sleep(backoff);
        backoff = backoff.multipliedBy(2);
      }
    }
    throw new RetriableException("could not publish " + messageId + " to " + subject, last);
  }

  /** Fire-and-forget publication on core NATS (heartbeats); dropped while disconnected. */
  public void publishCore(String subject, byte[] body) {
    if (connection.getStatus() == Connection.Status.CONNECTED) {
      connection.publish(subject, JsonRedaction.redact(body, redactor));
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetriableException("interrupted while publishing", e);
    }
  }
}

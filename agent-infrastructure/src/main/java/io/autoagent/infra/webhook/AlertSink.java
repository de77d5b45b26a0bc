package io.autoagent.infra.webhook;

/**
 * Where the webhook receiver hands an accepted body: a JetStream publication on {@code
 * infrastructure_agent} that returns only once the stream has acknowledged it.
 *
 * <p>Implementations are thread-safe. The receiver answers 200 only after {@link #publish}
 * returned, and 503 (so that Alertmanager retries) when it threw {@link Unavailable}.
 */
@FunctionalInterface
public interface AlertSink {

  /**
   * Publishes {@code body} with {@code messageId} as its {@code Nats-Msg-Id} and waits for the
   * stream's acknowledgement.
   *
   * @return the acknowledgement; {@code duplicate} when the stream already held this id
   * @throws Unavailable when NATS or JetStream did not acknowledge (down, reconnecting, timed out)
   */
  Ack publish(String messageId, byte[] body);

  /** The stream's acknowledgement of one publication. */
  record Ack(String stream, long sequence, boolean duplicate) {}

  /** NATS or JetStream cannot take the message now; the sender should retry later. */
  final class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

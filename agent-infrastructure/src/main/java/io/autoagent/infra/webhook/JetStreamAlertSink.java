package io.autoagent.infra.webhook;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;

/**
 * An {@link AlertSink} publishing to one subject through JetStream. One attempt per call, no
 * retries of its own: the HTTP sender (Alertmanager) retries, with the same body and so the same
 * message id, which the stream's duplicate window drops when an earlier attempt was stored after
 * all. While the connection is not up it fails at once rather than waiting in the reconnect buffer.
 */
public final class JetStreamAlertSink implements AlertSink {

  private final Connection connection;
  private final JetStream jetStream;
  private final String subject;

  public JetStreamAlertSink(Connection connection, String subject, Duration ackTimeout)
      throws IOException {
    this.connection = connection;
    this.jetStream =
        connection.jetStream(JetStreamOptions.builder().requestTimeout(ackTimeout).build());
    this.subject = subject;
  }

  @Override
  public Ack publish(String messageId, byte[] body) {
    if (connection.getStatus() != Connection.Status.CONNECTED) {
      throw new Unavailable(
          "NATS is " + connection.getStatus().name().toLowerCase(java.util.Locale.ROOT), null);
    }
    try {
      PublishAck ack =
          jetStream.publish(
              subject, new Headers(), body, PublishOptions.builder().messageId(messageId).build());
      return new Ack(ack.getStream(), ack.getSeqno(), ack.isDuplicate());
    } catch (IOException | JetStreamApiException | IllegalStateException e) {
      throw new Unavailable("JetStream did not acknowledge: " + e.getMessage(), e);
    }
  }
}

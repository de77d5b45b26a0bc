package io.autoagent.core.messaging;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;

/**
 * One delivery of a request from a JetStream consumer, as a handler sees it.
 *
 * @param subject the subject it was published on
 * @param data the raw body, unparsed
 * @param messageId the sender's {@code Nats-Msg-Id}, or null
 * @param stream the stream it came from
 * @param streamSequence its sequence in that stream; stable across redeliveries
 * @param delivery which delivery this is, from 1
 * @param lastDelivery whether the runtime will give up if this delivery fails
 */
public record Request(
    String subject,
    byte[] data,
    String messageId,
    String stream,
    long streamSequence,
    long delivery,
    boolean lastDelivery) {

  static Request of(Message message, int maxDeliver) {
    NatsJetStreamMetaData meta = message.metaData();
    Headers headers = message.getHeaders();
    String msgId = headers == null ? null : headers.getFirst("Nats-Msg-Id");
    byte[] data = message.getData() == null ? new byte[0] : message.getData();
    return new Request(
        message.getSubject(),
        data,
        msgId == null || msgId.isBlank() ? null : msgId,
        meta.getStream(),
        meta.streamSequence(),
        meta.deliveredCount(),
        meta.deliveredCount() >= maxDeliver);
  }

  /** The id to use when the request carries none: {@code stream:<name>:<seq>}, per the contract. */
  public String fallbackId() {
    return "stream:" + stream + ":" + streamSequence;
  }
}

package io.autoagent.core.messaging;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.util.HashMap;
import java.util.Map;

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
 * @param headers the message's headers, first value of each (for example the Standard Webhooks
 *     {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}); never null
 */
public record Request(
    String subject,
    byte[] data,
    String messageId,
    String stream,
    long streamSequence,
    long delivery,
    boolean lastDelivery,
    Map<String, String> headers) {

  public Request {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

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
        meta.deliveredCount() >= maxDeliver,
        firstValues(headers));
  }

  private static Map<String, String> firstValues(Headers headers) {
    if (headers == null || headers.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    for (String key : headers.keySet()) {
      String value = headers.getFirst(key);
      if (value != null) {
        out.put(key, value);
      }
    }
    return out;
  }

  /** A header's first value, or null. */
  public String header(String name) {
    return headers.get(name);
  }

  /** The id to use when the request carries none: {@code stream:<name>:<seq>}, per the contract. */
  public String fallbackId() {
    return "stream:" + stream + ":" + streamSequence;
  }
}

package io.autoagent.core.messaging;

import java.util.Objects;

/**
 * A durable pull consumer the agent reads, and the handler for its requests.
 *
 * @param stream the stream it reads
 * @param durable durable consumer name, shared by every replica of the agent
 * @param filterSubject the one subject it reads
 * @param workers requests handled at once by this process; also the most it pulls at a time
 * @param handler what to do with each request
 */
public record ConsumerSpec(
    String stream, String durable, String filterSubject, int workers, RequestHandler handler) {
  public ConsumerSpec {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(durable, "durable");
    Objects.requireNonNull(filterSubject, "filterSubject");
    Objects.requireNonNull(handler, "handler");
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
  }
}

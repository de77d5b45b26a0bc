package io.autoagent.core.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A stream the agents need, as the contract declares it.
 *
 * @param name stream name
 * @param subjects subjects it must capture (others already present are kept)
 * @param workQueue work-queue retention when true, limits retention otherwise
 * @param maxAge how long messages are kept; {@link Duration#ZERO} for unlimited
 * @param duplicateWindow how long a {@code Nats-Msg-Id} is remembered; longer than any retry
 */
public record StreamSpec(
    String name,
    List<String> subjects,
    boolean workQueue,
    Duration maxAge,
    Duration duplicateWindow) {
  public StreamSpec {
    Objects.requireNonNull(name, "name");
    subjects = List.copyOf(subjects);
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(duplicateWindow, "duplicateWindow");
  }
}

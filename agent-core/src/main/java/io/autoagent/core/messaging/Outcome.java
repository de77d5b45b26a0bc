package io.autoagent.core.messaging;

import java.time.Duration;
import java.util.Objects;

/**
 * What a handler wants done with a request; the runtime turns it into an ack, a delayed nak or a
 * term. Made through the static factories.
 */
public final class Outcome {

  /** The kinds of outcome. */
  public enum Kind {
    /** Answered: acknowledge. */
    DONE,
    /** Answered with a rejection already published: terminate, no dead letter. */
    REJECTED,
    /** Try again after a delay, unless this was the last delivery. */
    RETRY,
    /** Give up now: publish the failure and a dead letter, then terminate. */
    GIVE_UP
  }

  private static final Outcome DONE = new Outcome(Kind.DONE, null, null);
  private static final Outcome REJECTED = new Outcome(Kind.REJECTED, null, null);

  private final Kind kind;
  private final Duration delay;
  private final String reason;

  private Outcome(Kind kind, Duration delay, String reason) {
    this.kind = kind;
    this.delay = delay;
    this.reason = reason;
  }

  public static Outcome done() {
    return DONE;
  }

  public static Outcome rejected() {
    return REJECTED;
  }

  public static Outcome retryAfter(Duration delay, String reason) {
    return new Outcome(Kind.RETRY, Objects.requireNonNull(delay), Objects.requireNonNull(reason));
  }

  public static Outcome giveUp(String reason) {
    return new Outcome(Kind.GIVE_UP, null, Objects.requireNonNull(reason));
  }

  public Kind kind() {
    return kind;
  }

  /** For {@link Kind#RETRY}: how long to wait. */
  public Duration delay() {
    return delay;
  }

  /** For {@link Kind#RETRY} and {@link Kind#GIVE_UP}: why. */
  public String reason() {
    return reason;
  }

  @Override
  public String toString() {
    return reason == null ? kind.name() : kind + "(" + reason + ")";
  }
}

package io.autoagent.core.messaging;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What a handler wants done with a request; the runtime turns it into an ack, a delayed nak or a
 * term. Made through the static factories.
 *
 * <p>{@link #doneWhen} is the one outcome settled later: the handler has answered, but the request
 * may be acknowledged only once a hand-off it started (an archive queued durably) completes. Until
 * then the runtime frees the worker, keeps the message from redelivery with in-progress acks, and
 * then settles it as if the handler had returned {@link #done} (the stage completed normally) or
 * thrown the stage's exception ({@link io.autoagent.core.RetriableException}: retried with a delay;
 * {@link io.autoagent.core.PermanentException}: given up).
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
    GIVE_UP,
    /** Answered; acknowledge once {@link #pending()} completes (see {@link #doneWhen}). */
    DEFERRED
  }

  private static final Outcome DONE = new Outcome(Kind.DONE, null, null, null);
  private static final Outcome REJECTED = new Outcome(Kind.REJECTED, null, null, null);

  private final Kind kind;
  private final Duration delay;
  private final String reason;
  private final CompletionStage<?> pending;

  private Outcome(Kind kind, Duration delay, String reason, CompletionStage<?> pending) {
    this.kind = kind;
    this.delay = delay;
    this.reason = reason;
    this.pending = pending;
  }

  public static Outcome done() {
    return DONE;
  }

  public static Outcome rejected() {
    return REJECTED;
  }

  public static Outcome retryAfter(Duration delay, String reason) {
    return new Outcome(
        Kind.RETRY, Objects.requireNonNull(delay), Objects.requireNonNull(reason), null);
  }

  public static Outcome giveUp(String reason) {
    return new Outcome(Kind.GIVE_UP, null, Objects.requireNonNull(reason), null);
  }

  /**
   * Answered, to be acknowledged when {@code pending} completes normally; completed exceptionally,
   * the request is settled as if the handler had thrown that exception. A stage already completed
   * normally is simply {@link #done}.
   */
  public static Outcome doneWhen(CompletionStage<?> pending) {
    Objects.requireNonNull(pending, "pending");
    var future = pending.toCompletableFuture();
    if (future.isDone() && !future.isCompletedExceptionally()) {
      return DONE;
    }
    return new Outcome(Kind.DEFERRED, null, null, pending);
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

  /** For {@link Kind#DEFERRED}: what the acknowledgement waits for. */
  public CompletionStage<?> pending() {
    return pending;
  }

  @Override
  public String toString() {
    return reason == null ? kind.name() : kind + "(" + reason + ")";
  }
}

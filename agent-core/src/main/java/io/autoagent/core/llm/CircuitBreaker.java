package io.autoagent.core.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Skips the LLM after {@code threshold} failed calls in a row, for {@code openFor}; then lets one
 * probe through (half-open): its success closes the circuit, its failure opens it again.
 * Thread-safe; time comes from the injected clock.
 */
final class CircuitBreaker {

  enum Phase {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int threshold;
  private final Duration openFor;
  private final Clock clock;
  private Phase phase = Phase.CLOSED;
  private int failures;
  private Instant openedAt = Instant.EPOCH;
  private boolean probing;

  CircuitBreaker(int threshold, Duration openFor, Clock clock) {
    this.threshold = threshold;
    this.openFor = openFor;
    this.clock = clock;
  }

  /** Whether a call may go out now; in half-open, only one at a time. */
  synchronized boolean tryAcquire() {
    switch (phase) {
      case CLOSED -> {
        return true;
      }
      case OPEN -> {
        if (clock.instant().isBefore(openedAt.plus(openFor))) {
          return false;
        }
        phase = Phase.HALF_OPEN;
        probing = true;
        return true;
      }
      default -> {
        if (probing) {
          return false;
        }
        probing = true;
        return true;
      }
    }
  }

  synchronized void success() {
    phase = Phase.CLOSED;
    failures = 0;
    probing = false;
  }

  synchronized void failure() {
    failures++;
    if (phase == Phase.HALF_OPEN || failures >= threshold) {
      phase = Phase.OPEN;
      openedAt = clock.instant();
      probing = false;
    }
  }

  synchronized Phase phase() {
    return phase;
  }

  /** When an open circuit lets the next probe through. */
  synchronized Instant reopensAt() {
    return openedAt.plus(openFor);
  }
}

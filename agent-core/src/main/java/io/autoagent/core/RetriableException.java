package io.autoagent.core;

/**
 * A failure that may go away by itself: timeouts, connection errors, HTTP 5xx and 429, NATS I/O.
 * The runtime answers it by redelivering the request later ({@code nakWithDelay}), and gives up
 * with a {@code failed} response and a dead-letter event after the last delivery.
 */
public final class RetriableException extends AgentException {

  public RetriableException(String message) {
    super(message, null);
  }

  public RetriableException(String message, Throwable cause) {
    super(message, cause);
  }
}

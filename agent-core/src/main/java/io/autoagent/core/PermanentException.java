package io.autoagent.core;

/**
 * A failure that retrying will not fix: bad input, HTTP 4xx other than 429, authentication. The
 * runtime answers it at once with a {@code failed} response and a dead-letter event, and terminates
 * the request.
 */
public final class PermanentException extends AgentException {

  public PermanentException(String message) {
    super(message, null);
  }

  public PermanentException(String message, Throwable cause) {
    super(message, cause);
  }
}

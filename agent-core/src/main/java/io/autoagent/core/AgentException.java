package io.autoagent.core;

/**
 * Base of the agents' unchecked exceptions. Callers branch on the two subclasses only: {@link
 * RetriableException} (try again later) and {@link PermanentException} (do not try again).
 */
public abstract sealed class AgentException extends RuntimeException
    permits RetriableException, PermanentException {

  protected AgentException(String message, Throwable cause) {
    super(message, cause);
  }
}

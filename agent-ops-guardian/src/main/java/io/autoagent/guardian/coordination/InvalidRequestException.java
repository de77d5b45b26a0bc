package io.autoagent.guardian.coordination;

/**
 * A coordination message or command that cannot be used: not JSON, a missing or wrong field. The
 * message says which field and why; it is published in a {@code command_rejected} event and the
 * request is never retried.
 */
public final class InvalidRequestException extends RuntimeException {

  public InvalidRequestException(String message) {
    super(message);
  }
}

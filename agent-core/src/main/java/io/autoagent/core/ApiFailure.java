package io.autoagent.core;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * The one classification of a failed call to an HTTP API (the Kubernetes API server first of all),
 * by status code, never by message text. Every place that catches a Kubernetes client exception
 * asks this (through {@code KubeErrors} in common-tools, or with the exception's code directly), so
 * that the agents agree on what is worth retrying:
 *
 * <ul>
 *   <li>{@link #UNAVAILABLE}: no HTTP answer at all (status 0 with an I/O error or timeout below)
 *   <li>{@link #RETRIABLE}: 408, 429 and every 5xx: the server is slow, overloaded or failing
 *   <li>{@link #NOT_FOUND}: 404 and 410
 *   <li>{@link #FORBIDDEN}: 401 and 403: the agent's credentials or RBAC refuse it
 *   <li>{@link #PERMANENT}: every other answer (400, 409, 415, 422, ...) and status 0 without an
 *       I/O cause (the client itself failed): retrying the same request will not help
 * </ul>
 */
public enum ApiFailure {
  UNAVAILABLE,
  RETRIABLE,
  NOT_FOUND,
  FORBIDDEN,
  PERMANENT;

  /**
   * Classifies a failure.
   *
   * @param status the HTTP status code, 0 when the server gave none
   * @param failure the exception, whose cause chain is searched for I/O errors when status is 0
   */
  public static ApiFailure of(int status, Throwable failure) {
    if (status <= 0) {
      for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof IOException || t instanceof TimeoutException) {
          return UNAVAILABLE;
        }
      }
      return PERMANENT;
    }
    if (status == 408 || status == 429 || status >= 500) {
      return RETRIABLE;
    }
    if (status == 404 || status == 410) {
      return NOT_FOUND;
    }
    if (status == 401 || status == 403) {
      return FORBIDDEN;
    }
    return PERMANENT;
  }

  /** Whether the same call may succeed later: {@link #UNAVAILABLE} and {@link #RETRIABLE}. */
  public boolean retriable() {
    return this == UNAVAILABLE || this == RETRIABLE;
  }

  /** The agent exception for this failure: retriable or permanent, naming what failed. */
  public AgentException toException(String what, int status, Throwable cause) {
    String message = what + " failed (HTTP " + status + ")";
    return retriable()
        ? new RetriableException(message, cause)
        : new PermanentException(message, cause);
  }
}

package io.autoagent.core.llm;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import io.autoagent.core.AgentException;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;

/**
 * The one place provider failures are mapped: LangChain4j's exception types and HTTP status codes
 * (never message text) to a metrics reason and our {@link RetriableException} or {@link
 * PermanentException}.
 */
final class ProviderFailures {

  /** A classified failure: low-cardinality reason for metrics, and what to throw. */
  record Failure(String reason, AgentException exception) {
    boolean retriable() {
      return exception instanceof RetriableException;
    }
  }

  static final String RATE_LIMITED = "rate_limited";
  static final String SERVER_ERROR = "server_error";
  static final String TIMEOUT = "timeout";
  static final String NETWORK = "network";
  static final String AUTH = "auth";
  static final String BAD_REQUEST = "bad_request";
  static final String CIRCUIT_OPEN = "circuit_open";
  static final String OTHER = "other";

  private ProviderFailures() {}

  static Failure classify(Throwable error, String provider) {
    if (error instanceof RetriableException r) {
      return new Failure(OTHER, r);
    }
    if (error instanceof PermanentException p) {
      return new Failure(OTHER, p);
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      Failure f = direct(t, provider);
      if (f != null) {
        return f;
      }
    }
    return new Failure(OTHER, new PermanentException(provider + " call failed: " + error, error));
  }

  private static Failure direct(Throwable t, String provider) {
    String what = provider + " ";
    return switch (t) {
      case RateLimitException e ->
          retriable(RATE_LIMITED, what + "rate limited the request (429)", e);
      case TimeoutException e -> retriable(TIMEOUT, what + "timed out", e);
      case HttpTimeoutException e -> retriable(TIMEOUT, what + "timed out", e);
      case InternalServerException e ->
          retriable(SERVER_ERROR, what + "answered with a server error", e);
      case AuthenticationException e -> permanent(AUTH, what + "refused the API key", e);
      case ModelNotFoundException e -> permanent(BAD_REQUEST, what + "does not know the model", e);
      case InvalidRequestException e -> permanent(BAD_REQUEST, what + "refused the request", e);
      case HttpException e -> byStatus(e.statusCode(), what, e);
      case IOException e -> retriable(NETWORK, what + "could not be reached: " + e, e);
      case dev.langchain4j.exception.RetriableException e ->
          retriable(SERVER_ERROR, what + "failed: " + e.getMessage(), e);
      default -> null;
    };
  }

  private static Failure byStatus(int status, String what, Throwable e) {
    if (status == 429) {
      return retriable(RATE_LIMITED, what + "rate limited the request (429)", e);
    }
    if (status >= 500) {
      return retriable(SERVER_ERROR, what + "answered HTTP " + status, e);
    }
    if (status == 401 || status == 403) {
      return permanent(AUTH, what + "refused the API key (HTTP " + status + ")", e);
    }
    return permanent(BAD_REQUEST, what + "refused the request (HTTP " + status + ")", e);
  }

  private static Failure retriable(String reason, String message, Throwable cause) {
    return new Failure(reason, new RetriableException(message, cause));
  }

  private static Failure permanent(String reason, String message, Throwable cause) {
    return new Failure(reason, new PermanentException(message, cause));
  }
}

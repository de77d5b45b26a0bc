package io.autoagent.tools.remediation;

import java.util.Objects;

/**
 * {@code error} of a result: a contract error code ({@code FORBIDDEN_NAMESPACE}, {@code
 * SIGNATURE_INVALID}, {@code REPLAYED}, {@code POLICY_DENIED}, {@code NOT_FOUND}, {@code TIMEOUT},
 * {@code INTERNAL}, ...) and a message a person can act on.
 */
public record ExecutionError(String code, String message) {
  public static final String FORBIDDEN_NAMESPACE = "FORBIDDEN_NAMESPACE";
  public static final String SIGNATURE_INVALID = "SIGNATURE_INVALID";
  public static final String REPLAYED = "REPLAYED";
  public static final String POLICY_DENIED = "POLICY_DENIED";
  public static final String NOT_FOUND = "NOT_FOUND";
  public static final String SCHEMA_VIOLATION = "SCHEMA_VIOLATION";
  public static final String TIMEOUT = "TIMEOUT";

  /**
   * 1.1: the agent cannot do this now (no cluster, or a system the run needs is down); nothing
   * changed.
   */
  public static final String UNAVAILABLE = "UNAVAILABLE";

  public static final String INTERNAL = "INTERNAL";

  public ExecutionError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}

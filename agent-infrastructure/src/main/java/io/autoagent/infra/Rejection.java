package io.autoagent.infra;

import java.util.Objects;

/**
 * Why a request cannot be analysed, with the contract's error code.
 *
 * @param code {@code INVALID_JSON}, {@code SCHEMA_VIOLATION}, {@code PAYLOAD_TOO_LARGE} or {@code
 *     UNSUPPORTED_TYPE}
 * @param message one sentence naming the bad value
 * @param alertId the alert it concerns, when known; null otherwise
 * @param service the service, when known
 * @param namespace the namespace, when known
 */
public record Rejection(
    String code, String message, String alertId, String service, String namespace) {
  public Rejection {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  static Rejection of(String code, String message) {
    return new Rejection(code, message, null, null, null);
  }
}

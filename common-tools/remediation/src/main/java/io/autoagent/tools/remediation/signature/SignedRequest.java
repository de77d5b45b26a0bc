package io.autoagent.tools.remediation.signature;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A request body with the Standard Webhooks headers it arrived with ({@code webhook-id}, {@code
 * webhook-timestamp}, {@code webhook-signature}). Header names are matched without regard to case.
 * The runbook handler fills it from the NATS message's headers.
 */
public record SignedRequest(Map<String, String> headers, byte[] body) {

  public static final String HEADER_ID = "webhook-id";
  public static final String HEADER_TIMESTAMP = "webhook-timestamp";
  public static final String HEADER_SIGNATURE = "webhook-signature";

  public SignedRequest {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  public String webhookId() {
    return header(HEADER_ID);
  }

  public String timestamp() {
    return header(HEADER_TIMESTAMP);
  }

  public String signature() {
    return header(HEADER_SIGNATURE);
  }

  /** Whether any of the three headers is present. */
  public boolean signed() {
    return webhookId() != null || timestamp() != null || signature() != null;
  }

  private String header(String name) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(name)) {
        String v = e.getValue();
        return v == null || v.isBlank() ? null : v.strip();
      }
    }
    return null;
  }
}

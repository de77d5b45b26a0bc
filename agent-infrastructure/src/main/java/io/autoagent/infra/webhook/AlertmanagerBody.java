package io.autoagent.infra.webhook;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An Alertmanager webhook body (version 4) checked for shape, with the deterministic message id it
 * is published under. The agent decodes the alerts themselves on {@code infrastructure_agent} (each
 * firing alert becomes one analysis); here only what makes a body unusable is refused.
 *
 * @param messageId {@code alertmanager-<hex>}: a SHA-256 over the group key, the notification's
 *     status and each alert's fingerprint, status and {@code startsAt}. Alertmanager resends the
 *     same notification with the same body, so a retry has the same id and JetStream drops it as a
 *     duplicate inside the stream's duplicate window.
 * @param alerts how many alerts the body holds
 * @param firing how many of them are firing
 */
public record AlertmanagerBody(String messageId, int alerts, int firing) {

  /** Why a body was refused: the contract's error code and one sentence. */
  public static final class Invalid extends RuntimeException {
    private final String code;

    Invalid(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /**
   * Parses and checks a body.
   *
   * @throws Invalid {@code INVALID_JSON} or {@code SCHEMA_VIOLATION}, saying what is wrong
   */
  public static AlertmanagerBody parse(ObjectMapper mapper, byte[] data) {
    JsonNode root;
    try {
      root =
          data.length == 0
              ? null
              : mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(data);
    } catch (JacksonException e) {
      throw new Invalid(
          "INVALID_JSON",
          "body is not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new Invalid("INVALID_JSON", "body cannot be read: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new Invalid("INVALID_JSON", "body is empty");
    }
    if (!root.isObject()) {
      throw new Invalid(
          "SCHEMA_VIOLATION",
          "expected an Alertmanager webhook body (a JSON object), got "
              + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isTextual() || !version.asText().equals("4")) {
      throw new Invalid(
          "SCHEMA_VIOLATION",
          "$.version must be \"4\" (Alertmanager's webhook format), got " + version);
    }
    JsonNode alerts = root.get("alerts");
    if (alerts == null || !alerts.isArray()) {
      throw new Invalid("SCHEMA_VIOLATION", "$.alerts must be an array");
    }
    List<String> parts = new ArrayList<>();
    int firing = 0;
    for (int i = 0; i < alerts.size(); i++) {
      JsonNode alert = alerts.get(i);
      if (!alert.isObject()) {
        throw new Invalid("SCHEMA_VIOLATION", "$.alerts[" + i + "] must be an object");
      }
      if (!alert.path("labels").isObject()) {
        throw new Invalid("SCHEMA_VIOLATION", "$.alerts[" + i + "].labels must be an object");
      }
      String status = alert.path("status").asText("");
      if (!status.equals("firing") && !status.equals("resolved")) {
        throw new Invalid(
            "SCHEMA_VIOLATION",
            "$.alerts[" + i + "].status must be firing or resolved, got '" + status + "'");
      }
      firing += status.equals("firing") ? 1 : 0;
      String identity =
          alert.path("fingerprint").isTextual()
              ? alert.get("fingerprint").asText()
              : sortedLabels(alert.get("labels"));
      parts.add(identity + "|" + status + "|" + alert.path("startsAt").asText(""));
    }
    parts.sort(null);
    String canonical =
        root.path("groupKey").asText("")
            + "\n"
            + root.path("status").asText("")
            + "\n"
            + String.join("\n", parts);
    return new AlertmanagerBody(
        "alertmanager-" + sha256Hex(canonical).substring(0, 40), alerts.size(), firing);
  }

  private static String sortedLabels(JsonNode labels) {
    Map<String, String> sorted = new TreeMap<>();
    labels.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
    return sorted.toString();
  }

  private static String sha256Hex(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}

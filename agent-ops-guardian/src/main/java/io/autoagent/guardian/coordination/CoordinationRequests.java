package io.autoagent.guardian.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads {@code coordination.pause} {@code {"requested_by", "reason", "services": ["*"], "ttl_s":
 * 900}} and {@code coordination.resume} {@code {"requested_by"}} bodies (the same fields arrive in
 * {@code pause} and {@code resume} commands). Extra fields are ignored, as the contract allows.
 */
public final class CoordinationRequests {

  public static final String SUBJECT_PAUSE = "coordination.pause";
  public static final String SUBJECT_RESUME = "coordination.resume";

  /** The longest pause accepted: a day. Longer ones are refused rather than silently cut. */
  public static final Duration MAX_TTL = Duration.ofDays(1);

  private CoordinationRequests() {}

  /**
   * @throws InvalidRequestException naming the field that is wrong
   */
  public static Pause pause(JsonNode body, Clock clock, Duration defaultTtl) {
    requireObject(body);
    String requestedBy = requestedBy(body);
    List<String> services = services(body.get("services"));
    Duration ttl = ttl(body.get("ttl_s"), defaultTtl);
    return new Pause(
        requestedBy,
        text(body, "reason"),
        services,
        ttl,
        clock.instant().plus(ttl),
        correlationId(body));
  }

  /** The requester of a resume. @throws InvalidRequestException when it is missing */
  public static String resume(JsonNode body) {
    requireObject(body);
    return requestedBy(body);
  }

  /** The body's {@code correlation_id}, or a new one. */
  public static String correlationId(JsonNode body) {
    String id = body == null ? null : text(body, "correlation_id");
    return id == null || id.isBlank() ? UUID.randomUUID().toString() : id;
  }

  private static void requireObject(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new InvalidRequestException("body must be a JSON object");
    }
  }

  private static String requestedBy(JsonNode body) {
    String by = text(body, "requested_by");
    if (by == null || by.isBlank()) {
      throw new InvalidRequestException("requested_by is required");
    }
    return by;
  }

  private static List<String> services(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of(Pause.ALL);
    }
    if (!node.isArray() || node.isEmpty()) {
      throw new InvalidRequestException(
          "services must be a non-empty array of \"*\" or \"namespace/name\"");
    }
    List<String> services = new ArrayList<>();
    for (JsonNode s : node) {
      String value = s.isTextual() ? s.asText().trim() : "";
      if (!value.equals(Pause.ALL) && !value.matches("([a-z0-9][-a-z0-9]*/)?[a-z0-9][-a-z0-9.]*")) {
        throw new InvalidRequestException(
            "services has an invalid entry " + s + ": expected \"*\" or \"namespace/name\"");
      }
      services.add(value);
    }
    return services;
  }

  private static Duration ttl(JsonNode node, Duration fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.canConvertToLong()
        || !node.isIntegralNumber()
        || node.asLong() < 1
        || node.asLong() > MAX_TTL.toSeconds()) {
      throw new InvalidRequestException(
          "ttl_s must be a whole number of seconds from 1 to "
              + MAX_TTL.toSeconds()
              + ", got "
              + node);
    }
    return Duration.ofSeconds(node.asLong());
  }

  private static String text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }
}

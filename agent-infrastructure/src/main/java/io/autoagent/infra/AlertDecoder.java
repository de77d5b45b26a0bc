package io.autoagent.infra;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Severity;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the body of a message on {@code infrastructure_agent} into alerts to analyse, or into
 * rejections with the contract's error codes. Accepts the native alert ({@code alert.schema.json})
 * and the Prometheus Alertmanager webhook body (version 4): each firing alert of the latter becomes
 * one alert, and one bad alert in it does not spoil the others.
 */
public final class AlertDecoder {

  /**
   * Label names that carry the service in an Alertmanager alert, first present wins. The kind
   * labels (deployment, statefulset, daemonset, cronjob, job_name) also pick the workload's kind in
   * the Kubernetes evidence (contract 1.1), which reads them from the alert's labels.
   */
  static final List<String> SERVICE_LABELS =
      List.of(
          "deployment",
          "statefulset",
          "daemonset",
          "cronjob",
          "service",
          "app",
          "app_kubernetes_io_name",
          "app_kubernetes_io_instance",
          "k8s_app",
          "job_name");

  private static final Set<String> ACCEPTED_TYPES = Set.of("alert", "infrastructure_alert");

  /** Alertmanager's value for a time that is not set. */
  private static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private final ObjectMapper mapper;
  private final ObjectReader reader;
  private final ContractSchemas schemas;
  private final int maxPayloadBytes;

  /** Alerts to analyse and requests refused, from one message. */
  public record Decoded(List<Alert> alerts, List<Rejection> rejections) {
    public Decoded {
      alerts = List.copyOf(alerts);
      rejections = List.copyOf(rejections);
    }

    static Decoded rejected(Rejection rejection) {
      return new Decoded(List.of(), List.of(rejection));
    }
  }

  public AlertDecoder(ObjectMapper mapper, ContractSchemas schemas, int maxPayloadBytes) {
    this.mapper = mapper;
    this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.schemas = schemas;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /**
   * @param data the raw body
   * @param requestId the sender's {@code Nats-Msg-Id}, or the {@code stream:<name>:<seq>} id when
   *     it sent none; used as the alert id when the body has none
   */
  public Decoded decode(byte[] data, String requestId) {
    if (data.length > maxPayloadBytes) {
      return Decoded.rejected(
          new Rejection(
              "PAYLOAD_TOO_LARGE",
              "payload is " + data.length + " bytes; MAX_PAYLOAD_BYTES is " + maxPayloadBytes,
              requestId,
              null,
              null));
    }
    JsonNode root;
    try {
      root = data.length == 0 ? null : reader.readTree(data);
    } catch (JacksonException e) {
      return Decoded.rejected(
          new Rejection(
              "INVALID_JSON",
              "body is not valid JSON: " + firstLine(e.getOriginalMessage()),
              requestId,
              null,
              null));
    } catch (java.io.IOException e) {
      return Decoded.rejected(
          new Rejection(
              "INVALID_JSON", "body cannot be read: " + e.getMessage(), requestId, null, null));
    }
    if (root == null || root.isMissingNode()) {
      return Decoded.rejected(
          new Rejection("INVALID_JSON", "body is empty", requestId, null, null));
    }
    if (!root.isObject()) {
      return Decoded.rejected(
          new Rejection(
              "UNSUPPORTED_TYPE",
              "expected a JSON object (an alert or an Alertmanager webhook body), got "
                  + kind(root),
              requestId,
              null,
              null));
    }
    ObjectNode body = (ObjectNode) root;
    String type = text(body, "type");
    if (type != null && !ACCEPTED_TYPES.contains(type)) {
      return Decoded.rejected(
          new Rejection(
              "UNSUPPORTED_TYPE",
              "type '" + type + "' is not handled on infrastructure_agent; expected an alert",
              orElse(text(body, "alert_id"), requestId),
              text(body, "service"),
              text(body, "namespace")));
    }
    if (body.has("alerts") && !body.has("service")) {
      return decodeAlertmanager(body, requestId);
    }
    return decodeNative(body, requestId);
  }

  private Decoded decodeNative(ObjectNode body, String requestId) {
    String alertId = orElse(text(body, "alert_id"), requestId);
    List<String> problems = schemas.validate(ContractSchemas.ALERT, body);
    if (!problems.isEmpty()) {
      return Decoded.rejected(
          new Rejection(
              "SCHEMA_VIOLATION",
              "alert does not match alert.schema.json: " + String.join("; ", problems),
              alertId,
              text(body, "service"),
              text(body, "namespace")));
    }
    return new Decoded(List.of(toAlert(body, alertId)), List.of());
  }

  private Decoded decodeAlertmanager(ObjectNode body, String requestId) {
    String version = text(body, "version");
    if (version != null && !"4".equals(version)) {
      return Decoded.rejected(
          new Rejection(
              "UNSUPPORTED_TYPE",
              "Alertmanager webhook version '" + version + "' is not supported; expected 4",
              requestId,
              null,
              null));
    }
    JsonNode alerts = body.get("alerts");
    if (!alerts.isArray()) {
      return Decoded.rejected(
          new Rejection(
              "SCHEMA_VIOLATION",
              "Alertmanager body: $.alerts must be an array, got " + kind(alerts),
              requestId,
              null,
              null));
    }
    List<Alert> accepted = new ArrayList<>();
    List<Rejection> rejected = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      JsonNode item = alerts.get(i);
      String fallbackId = requestId + "#" + i;
      if (!item.isObject()) {
        rejected.add(
            new Rejection(
                "SCHEMA_VIOLATION",
                "Alertmanager body: $.alerts[" + i + "] must be an object, got " + kind(item),
                fallbackId,
                null,
                null));
        continue;
      }
      String status = text(item, "status");
      if (status != null && !"firing".equals(status)) {
        continue; // resolved alerts need no analysis
      }
      ObjectNode alert = fromAlertmanager((ObjectNode) item, body, fallbackId);
      String alertId = alert.get("alert_id").asText();
      List<String> problems = schemas.validate(ContractSchemas.ALERT, alert);
      if (!problems.isEmpty()) {
        String why = missingLabels(item);
        rejected.add(
            new Rejection(
                "SCHEMA_VIOLATION",
                "Alertmanager alert "
                    + i
                    + ": "
                    + (why != null ? why : String.join("; ", problems)),
                alertId,
                text(alert, "service"),
                text(alert, "namespace")));
        continue;
      }
      accepted.add(toAlert(alert, alertId));
    }
    return new Decoded(accepted, rejected);
  }

  /** The native alert an Alertmanager alert stands for. */
  private ObjectNode fromAlertmanager(ObjectNode item, ObjectNode body, String fallbackId) {
    JsonNode labels = item.path("labels");
    JsonNode annotations = item.path("annotations");
    ObjectNode alert = mapper.createObjectNode();
    String fingerprint = text(item, "fingerprint");
    Instant startsAt = instant(text(item, "startsAt"));
    String alertId =
        fingerprint == null
            ? fallbackId
            : fingerprint + (startsAt == null ? "" : "-" + startsAt.getEpochSecond());
    alert.put("alert_id", alertId);
    // One notification's alerts share its group key, which correlates them; it can be long.
    String groupKey = text(body, "groupKey");
    alert.put("correlation_id", groupKey != null && groupKey.length() <= 256 ? groupKey : alertId);
    String service = null;
    for (String label : SERVICE_LABELS) {
      service = service != null ? service : text(labels, label);
    }
    putIfPresent(alert, "service", service);
    putIfPresent(alert, "namespace", text(labels, "namespace"));
    putIfPresent(alert, "severity", severity(text(labels, "severity")));
    putIfPresent(alert, "reason", text(labels, "alertname"));
    putIfPresent(
        alert, "summary", orElse(text(annotations, "summary"), text(annotations, "description")));
    alert.set("labels", stringsOnly(labels));
    alert.set("annotations", stringsOnly(annotations));
    if (startsAt != null) {
      alert.put("started_at", startsAt.toString());
    }
    ObjectNode context = alert.putObject("context");
    context.put("source", "alertmanager");
    putIfPresent(context, "generator_url", text(item, "generatorURL"));
    putIfPresent(context, "fingerprint", fingerprint);
    putIfPresent(context, "receiver", text(body, "receiver"));
    return alert;
  }

  private static String missingLabels(JsonNode item) {
    JsonNode labels = item.path("labels");
    if (!labels.isObject()) {
      return "labels must be an object";
    }
    if (SERVICE_LABELS.stream().noneMatch(l -> labels.path(l).isTextual())) {
      return "no service label: expected one of " + String.join(", ", SERVICE_LABELS);
    }
    if (!labels.path("namespace").isTextual()) {
      return "no namespace label";
    }
    return null;
  }

  private Alert toAlert(JsonNode body, String alertId) {
    String correlationId = orElse(text(body, "correlation_id"), alertId);
    String severity = text(body, "severity");
    String mode = text(body, "mode");
    return new Alert(
        alertId,
        correlationId,
        text(body, "service"),
        text(body, "namespace"),
        severity == null ? null : Severity.fromWire(severity),
        text(body, "reason"),
        text(body, "summary"),
        stringMap(body.path("labels")),
        stringMap(body.path("annotations")),
        instant(text(body, "started_at")),
        body.path("context").isObject()
            ? mapper.convertValue(body.get("context"), Map.class)
            : Map.of(),
        "remediate".equals(mode) ? Alert.Mode.REMEDIATE : Alert.Mode.ANALYZE);
  }

  private static String severity(String label) {
    if (label == null) {
      return null;
    }
    return switch (label.toLowerCase(Locale.ROOT)) {
      case "critical", "page", "p1" -> "critical";
      case "high", "error", "major", "p2" -> "high";
      case "warning", "warn", "medium", "minor", "p3" -> "medium";
      case "low", "p4" -> "low";
      case "info", "none", "informational", "p5" -> "info";
      default -> null;
    };
  }

  private ObjectNode stringsOnly(JsonNode node) {
    ObjectNode out = mapper.createObjectNode();
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                if (e.getValue().isTextual()) {
                  out.put(e.getKey(), e.getValue().asText());
                }
              });
    }
    return out;
  }

  private static Map<String, String> stringMap(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node.isObject()) {
      node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }

  private static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      Instant parsed = java.time.OffsetDateTime.parse(text).toInstant();
      return parsed.equals(ZERO_TIME) ? null : parsed;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}

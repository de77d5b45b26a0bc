package io.autoagent.tools.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autoagent.core.json.Json;
import io.autoagent.core.llm.Redactor;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.RootCause;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Map;

/**
 * Builds an analysis's evidence bundle (alert, root cause, findings, changes, source reports with
 * their log lines, and the published analysis JSON), redacts every string in it with {@link
 * Redactor}, and stores it at {@code <namespace>/<workload>/<reason>/<yyyy-mm-dd>/<alert_id>.json}.
 * Thread-safe.
 */
public final class IncidentArchiver {

  private final ArchiveStore store;
  private final Redactor redactor;
  private final Clock clock;
  private final ObjectMapper mapper = Json.newMapper();

  public IncidentArchiver(ArchiveStore store, Redactor redactor, Clock clock) {
    this.store = store;
    this.redactor = redactor;
    this.clock = clock;
  }

  /** Archives one analysis and returns its key. */
  public String archive(Evidence evidence, RootCause rootCause, String analysisJson) {
    String key = key(evidence, rootCause);
    ObjectNode bundle = mapper.createObjectNode();
    bundle.set("alert", mapper.valueToTree(evidence.alert()));
    bundle.set("root_cause", mapper.valueToTree(rootCause));
    bundle.set("findings", mapper.valueToTree(evidence.findings()));
    bundle.set("changes", mapper.valueToTree(evidence.changes()));
    bundle.set("reports", mapper.valueToTree(evidence.reports()));
    bundle.set("analysis", parse(analysisJson));
    store.put(key, Json.bytes(mapper, redact(bundle)));
    return key;
  }

  /** {@code <namespace>/<workload>/<reason>/<yyyy-mm-dd>/<alert_id>.json}, each part made key-safe. */
  public String key(Evidence evidence, RootCause rootCause) {
    var alert = evidence.alert();
    String reason = alert.reason() != null ? alert.reason() : rootCause.category().name();
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    return safe(alert.namespace()) + "/" + safe(alert.service()) + "/" + safe(reason) + "/" + day + "/"
        + safe(alert.alertId()) + ".json";
  }

  private JsonNode parse(String json) {
    if (json == null) {
      return mapper.nullNode();
    }
    try {
      return mapper.readTree(json);
    } catch (java.io.IOException e) {
      return TextNode.valueOf(json);
    }
  }

  /** Redacts every string; a field named like a secret ({@code password}) is redacted whole. */
  private JsonNode redact(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode value = field.getValue();
        if (value.isTextual()) {
          field.setValue(TextNode.valueOf(redactField(field.getKey(), value.asText())));
        } else {
          redact(value);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode element = node.get(i);
        if (element.isTextual()) {
          ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, TextNode.valueOf(redactor.redact(element.asText())));
        } else {
          redact(element);
        }
      }
    }
    return node;
  }

  private String redactField(String name, String value) {
    String pair = name + "=" + value;
    String redacted = redactor.redact(pair);
    if (!redacted.equals(pair) && redacted.startsWith(name + "=")) {
      return redacted.substring(name.length() + 1);
    }
    return redactor.redact(value);
  }

  private static String safe(String part) {
    String cleaned = part.replaceAll("[^A-Za-z0-9._=-]", "_");
    return cleaned.isEmpty() || cleaned.equals(".") || cleaned.equals("..") ? "_" : cleaned;
  }
}

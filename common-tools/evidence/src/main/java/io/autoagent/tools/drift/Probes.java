package io.autoagent.tools.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Fills in the defaults the API server gives a probe, so a manifest that omits them does not differ
 * from the live object that shows them.
 */
final class Probes {

  private Probes() {}

  static JsonNode withDefaults(JsonNode probe) {
    ObjectNode p = probe.deepCopy();
    putIfAbsent(p, "timeoutSeconds", 1);
    putIfAbsent(p, "periodSeconds", 10);
    putIfAbsent(p, "successThreshold", 1);
    putIfAbsent(p, "failureThreshold", 3);
    if (p.path("httpGet").isObject()) {
      ObjectNode http = (ObjectNode) p.path("httpGet");
      if (!http.has("scheme")) {
        http.put("scheme", "HTTP");
      }
    }
    return p;
  }

  private static void putIfAbsent(ObjectNode node, String field, int value) {
    if (!node.has(field)) {
      node.put(field, value);
    }
  }
}

package io.autoagent.tools.git;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsing multi-document YAML manifests into Kubernetes objects. Thread-safe. */
final class Manifests {

  private static final YAMLMapper YAML = new YAMLMapper();

  private Manifests() {}

  static boolean isYaml(String path) {
    return path.endsWith(".yaml") || path.endsWith(".yml");
  }

  /**
   * The Kubernetes objects (documents with a kind) of a YAML text; empty when it does not parse.
   */
  static List<JsonNode> parse(String text) {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc != null && doc.isObject() && doc.hasNonNull("kind")) {
          docs.add(doc);
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    return docs;
  }

  /** {@code Kind/name}, the key that pairs a document before and after a change. */
  static String key(JsonNode doc) {
    return doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText();
  }

  static Map<String, JsonNode> byKey(List<JsonNode> docs) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    docs.forEach(d -> out.put(key(d), d));
    return out;
  }

  static String label(JsonNode doc, String label) {
    return doc.path("metadata").path("labels").path(label).asText(null);
  }
}

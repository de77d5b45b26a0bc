package io.autoagent.tools.git;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.tools.drift.WorkloadSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the before and after text of one changed file into structured {@link ChangeItem}s: image,
 * environment (names only), resources, replicas, probes, ConfigMap and Secret keys (names only),
 * and everything else as {@code other}. Pure; thread-safe.
 */
final class ManifestDiff {

  private ManifestDiff() {}

  /**
   * @param before the file's text before the commit; null when the commit added it
   * @param after the file's text after; null when the commit deleted it
   */
  static List<ChangeItem> diff(String path, String before, String after) {
    if (!Manifests.isYaml(path)) {
      return List.of(other(path));
    }
    Map<String, JsonNode> old =
        Manifests.byKey(before == null ? List.of() : Manifests.parse(before));
    Map<String, JsonNode> now = Manifests.byKey(after == null ? List.of() : Manifests.parse(after));
    List<ChangeItem> items = new ArrayList<>();
    Set<String> keys = new LinkedHashSet<>(old.keySet());
    keys.addAll(now.keySet());
    for (String key : keys) {
      JsonNode a = old.get(key);
      JsonNode b = now.get(key);
      if (a == null || b == null) {
        items.add(
            new ChangeItem(
                ChangeItem.Kind.OTHER, key, null, null, a == null ? "added" : "removed"));
      } else if (!a.equals(b)) {
        items.addAll(document(key, a, b));
      }
    }
    return items.isEmpty() ? List.of(other(path)) : items;
  }

  private static List<ChangeItem> document(String key, JsonNode a, JsonNode b) {
    String kind = a.path("kind").asText();
    if (kind.equals("ConfigMap") || kind.equals("Secret")) {
      return config(key, a, b);
    }
    Optional<WorkloadSpec> wa = WorkloadSpec.fromManifest(a);
    Optional<WorkloadSpec> wb = WorkloadSpec.fromManifest(b);
    if (wa.isEmpty() || wb.isEmpty()) {
      return List.of(new ChangeItem(ChangeItem.Kind.OTHER, key, null, null, "changed"));
    }
    List<ChangeItem> items = new ArrayList<>();
    if (!Objects.equals(wa.get().replicas(), wb.get().replicas())) {
      items.add(
          new ChangeItem(
              ChangeItem.Kind.REPLICAS,
              key,
              str(wa.get().replicas()),
              str(wb.get().replicas()),
              null));
    }
    for (WorkloadSpec.ContainerSpec after : wb.get().containers()) {
      Optional<WorkloadSpec.ContainerSpec> before = wa.get().container(after.name());
      if (before.isEmpty()) {
        items.add(new ChangeItem(ChangeItem.Kind.IMAGE, after.name(), null, after.image(), null));
        continue;
      }
      container(before.get(), after, items);
    }
    wa.get().containers().stream()
        .filter(c -> wb.get().container(c.name()).isEmpty())
        .forEach(
            c ->
                items.add(
                    new ChangeItem(
                        ChangeItem.Kind.OTHER,
                        key,
                        null,
                        null,
                        "container " + c.name() + " removed")));
    if (!stripped(a).equals(stripped(b))) {
      items.add(new ChangeItem(ChangeItem.Kind.OTHER, key, null, null, "changed"));
    }
    return items;
  }

  private static void container(
      WorkloadSpec.ContainerSpec a, WorkloadSpec.ContainerSpec b, List<ChangeItem> items) {
    String name = b.name();
    if (!Objects.equals(a.image(), b.image())) {
      items.add(new ChangeItem(ChangeItem.Kind.IMAGE, name, a.image(), b.image(), null));
    }
    names(a.env(), b.env())
        .forEach(
            (verb, vars) ->
                items.add(
                    new ChangeItem(
                        ChangeItem.Kind.ENV,
                        name,
                        null,
                        null,
                        verb + " " + String.join(", ", vars))));
    for (String res : union(a.resources(), b.resources())) {
      if (!Objects.equals(a.resources().get(res), b.resources().get(res))) {
        items.add(
            new ChangeItem(
                ChangeItem.Kind.RESOURCES,
                name,
                a.resources().get(res),
                b.resources().get(res),
                res));
      }
    }
    names(a.probes(), b.probes())
        .forEach(
            (verb, probes) ->
                items.add(
                    new ChangeItem(
                        ChangeItem.Kind.PROBES,
                        name,
                        null,
                        null,
                        String.join(", ", probes) + " " + verb)));
  }

  private static List<ChangeItem> config(String key, JsonNode a, JsonNode b) {
    Map<String, String> before = new java.util.TreeMap<>();
    Map<String, String> after = new java.util.TreeMap<>();
    for (String section : List.of("data", "stringData", "binaryData")) {
      a.path(section).properties().forEach(e -> before.put(e.getKey(), e.getValue().toString()));
      b.path(section).properties().forEach(e -> after.put(e.getKey(), e.getValue().toString()));
    }
    List<ChangeItem> items = new ArrayList<>();
    names(before, after)
        .forEach(
            (verb, keys) ->
                items.add(
                    new ChangeItem(
                        ChangeItem.Kind.CONFIG,
                        key,
                        null,
                        null,
                        verb + " " + String.join(", ", keys))));
    return items.isEmpty()
        ? List.of(new ChangeItem(ChangeItem.Kind.OTHER, key, null, null, "changed"))
        : items;
  }

  /** Names added, removed and changed between two maps, by verb, each list sorted. */
  private static Map<String, List<String>> names(Map<String, String> a, Map<String, String> b) {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    for (String n : union(a, b)) {
      String verb =
          !a.containsKey(n)
              ? "added"
              : !b.containsKey(n)
                  ? "removed"
                  : Objects.equals(a.get(n), b.get(n)) ? null : "changed";
      if (verb != null) {
        out.computeIfAbsent(verb, v -> new ArrayList<>()).add(n);
      }
    }
    return out;
  }

  /**
   * The document without the fields summarised on their own, to tell whether anything else changed.
   */
  private static JsonNode stripped(JsonNode doc) {
    ObjectNode copy = doc.deepCopy();
    JsonNode spec = copy.path("spec");
    if (spec instanceof ObjectNode s) {
      s.remove("replicas");
    }
    for (JsonNode c : copy.path("spec").path("template").path("spec").path("containers")) {
      if (c instanceof ObjectNode o) {
        o.remove(
            List.of(
                "image", "env", "resources", "livenessProbe", "readinessProbe", "startupProbe"));
      }
    }
    return copy;
  }

  private static Set<String> union(Map<String, String> a, Map<String, String> b) {
    Set<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }

  private static String str(Integer value) {
    return value == null ? "1" : value.toString();
  }

  private static ChangeItem other(String path) {
    return new ChangeItem(ChangeItem.Kind.OTHER, null, null, null, path);
  }
}

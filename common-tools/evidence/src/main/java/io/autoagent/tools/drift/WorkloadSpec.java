package io.autoagent.tools.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fields of a workload that drift detection compares, read the same way from a manifest in git,
 * from Argo CD's target or live state, and from a live fabric8 object, so that both sides of a
 * comparison are normalised alike.
 *
 * @param kind {@code Deployment}, {@code StatefulSet} or {@code DaemonSet}
 * @param namespace may be null when a manifest leaves it to the tool that applies it
 * @param name the workload's name
 * @param replicas spec replicas; null when unset (the API server then defaults it to 1)
 * @param containers the pod template's containers (init containers are not compared)
 */
public record WorkloadSpec(
    String kind, String namespace, String name, Integer replicas, List<ContainerSpec> containers) {

  static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");
  private static final ObjectMapper JSON = new ObjectMapper();

  public WorkloadSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    containers = containers == null ? List.of() : List.copyOf(containers);
  }

  /**
   * One container's compared fields.
   *
   * @param env variable name to its declared value, or to {@code <source>} text for {@code
   *     valueFrom}; values are compared but never reported
   * @param resources {@code requests.cpu}, {@code limits.memory}, ... to the quantity as written
   * @param probes {@code liveness}, {@code readiness}, {@code startup} to the probe in canonical
   *     JSON, with Kubernetes defaults filled in
   */
  public record ContainerSpec(
      String name,
      String image,
      Map<String, String> env,
      Map<String, String> resources,
      Map<String, String> probes) {
    public ContainerSpec {
      Objects.requireNonNull(name, "name");
      env = env == null ? Map.of() : Map.copyOf(env);
      resources = resources == null ? Map.of() : Map.copyOf(resources);
      probes = probes == null ? Map.of() : Map.copyOf(probes);
    }
  }

  /** The workload a manifest or an Argo CD state document declares; empty for other kinds. */
  public static Optional<WorkloadSpec> fromManifest(JsonNode doc) {
    if (doc == null || !WORKLOAD_KINDS.contains(doc.path("kind").asText())) {
      return Optional.empty();
    }
    JsonNode meta = doc.path("metadata");
    JsonNode spec = doc.path("spec");
    List<ContainerSpec> containers = new ArrayList<>();
    for (JsonNode c : spec.path("template").path("spec").path("containers")) {
      containers.add(container(c));
    }
    return Optional.of(
        new WorkloadSpec(
            doc.path("kind").asText(),
            meta.path("namespace").isTextual() ? meta.path("namespace").asText() : null,
            meta.path("name").asText(),
            spec.path("replicas").isNumber() ? spec.path("replicas").asInt() : null,
            containers));
  }

  /** The workload a live fabric8 object (Deployment, StatefulSet, DaemonSet) runs. */
  public static Optional<WorkloadSpec> fromObject(Object fabric8Object) {
    return fromManifest(JSON.valueToTree(fabric8Object));
  }

  public Optional<ContainerSpec> container(String containerName) {
    return containers.stream().filter(c -> c.name().equals(containerName)).findFirst();
  }

  private static ContainerSpec container(JsonNode c) {
    Map<String, String> env = new TreeMap<>();
    for (JsonNode e : c.path("env")) {
      env.put(
          e.path("name").asText(),
          e.has("valueFrom")
              ? "<" + canonical(e.path("valueFrom")) + ">"
              : e.path("value").asText(""));
    }
    Map<String, String> resources = new TreeMap<>();
    for (String section : List.of("requests", "limits")) {
      c.path("resources")
          .path(section)
          .properties()
          .forEach(q -> resources.put(section + "." + q.getKey(), q.getValue().asText()));
    }
    Map<String, String> probes = new TreeMap<>();
    for (String probe : List.of("liveness", "readiness", "startup")) {
      JsonNode p = c.path(probe + "Probe");
      if (p.isObject()) {
        probes.put(probe, canonical(Probes.withDefaults(p)));
      }
    }
    return new ContainerSpec(
        c.path("name").asText(), c.path("image").asText(null), env, resources, probes);
  }

  /** JSON with sorted keys, so equal objects give equal text. */
  static String canonical(JsonNode node) {
    if (node.isObject()) {
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      node.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
      StringBuilder out = new StringBuilder("{");
      sorted.forEach(
          (k, v) ->
              out.append(out.length() > 1 ? "," : "")
                  .append('"')
                  .append(k)
                  .append("\":")
                  .append(canonical(v)));
      return out.append('}').toString();
    }
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(n -> items.add(canonical(n)));
      return "[" + String.join(",", items) + "]";
    }
    return node.toString();
  }
}

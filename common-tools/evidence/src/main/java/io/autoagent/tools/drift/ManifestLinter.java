package io.autoagent.tools.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates a service's manifests as a linter would: containers without requests or limits, {@code
 * :latest} or untagged images, no probes, privileged or root containers, hostPath volumes, and API
 * versions the cluster no longer serves. Every finding is LOW severity (never a root cause by
 * itself). Pure; thread-safe.
 */
public final class ManifestLinter {

  private ManifestLinter() {}

  /**
   * Lints one manifest document.
   *
   * @param file the file in git it comes from, quoted in the evidence
   * @param doc one YAML document
   * @param cluster the API server's version, when known; without it API versions are not checked
   */
  public static List<Finding> lint(
      String file, JsonNode doc, Optional<LiveCluster.KubeVersion> cluster) {
    List<Finding> out = new ArrayList<>();
    String kind = doc.path("kind").asText();
    String resource =
        kind
            + "/"
            + doc.path("metadata").path("namespace").asText("-")
            + "/"
            + doc.path("metadata").path("name").asText();
    String apiVersion = doc.path("apiVersion").asText();
    cluster
        .flatMap(
            v ->
                RemovedApis.removedIn(apiVersion, kind)
                    .filter(r -> v.compareTo(r) >= 0)
                    .map(r -> v))
        .ifPresent(
            v ->
                out.add(
                    finding(
                        Category.CONFIG_ERROR,
                        resource,
                        file,
                        null,
                        kind
                            + " uses "
                            + apiVersion
                            + ", which Kubernetes "
                            + v
                            + " no longer serves; applying it will fail.",
                        "apiVersion: " + apiVersion)));
    JsonNode pod = podSpec(doc);
    if (pod == null) {
      return out;
    }
    for (JsonNode v : pod.path("volumes")) {
      if (v.has("hostPath")) {
        out.add(
            finding(
                Category.CONFIG_ERROR,
                resource,
                file,
                null,
                "Volume "
                    + v.path("name").asText()
                    + " mounts the node's "
                    + v.path("hostPath").path("path").asText()
                    + " (hostPath), which ties pods to a node and exposes its filesystem.",
                "volumes[" + v.path("name").asText() + "].hostPath"));
      }
    }
    boolean podRunsAsNonRoot = pod.path("securityContext").path("runAsNonRoot").asBoolean(false);
    for (JsonNode c : pod.path("containers")) {
      container(resource, file, c, podRunsAsNonRoot, out);
    }
    return out;
  }

  private static void container(
      String resource, String file, JsonNode c, boolean podNonRoot, List<Finding> out) {
    String name = c.path("name").asText();
    String image = c.path("image").asText();
    String lastPart = image.substring(image.lastIndexOf('/') + 1);
    if (!image.contains("@") && (!lastPart.contains(":") || lastPart.endsWith(":latest"))) {
      out.add(
          finding(
              Category.IMAGE_PULL,
              resource,
              file,
              name,
              "Container "
                  + name
                  + " uses "
                  + image
                  + ", a moving tag: what runs can change without a change in git.",
              "image: " + image));
    }
    JsonNode res = c.path("resources");
    if (!res.path("requests").isObject() || !res.path("limits").isObject()) {
      out.add(
          finding(
              Category.RESOURCE_SATURATION,
              resource,
              file,
              name,
              "Container "
                  + name
                  + " sets no resource "
                  + (res.path("requests").isObject() ? "limits" : "requests")
                  + ", so the scheduler and the kubelet cannot size it.",
              "resources: " + (res.isMissingNode() ? "<unset>" : res.toString())));
    }
    if (!c.has("livenessProbe") && !c.has("readinessProbe")) {
      out.add(
          finding(
              Category.PROBE_FAILURE,
              resource,
              file,
              name,
              "Container "
                  + name
                  + " has no liveness or readiness probe, so a hung process keeps receiving traffic.",
              "livenessProbe, readinessProbe: <unset>"));
    }
    JsonNode sc = c.path("securityContext");
    if (sc.path("privileged").asBoolean(false)) {
      out.add(
          finding(
              Category.CONFIG_ERROR,
              resource,
              file,
              name,
              "Container " + name + " runs privileged, with full access to the node.",
              "securityContext.privileged: true"));
    } else if (sc.path("runAsUser").isNumber() && sc.path("runAsUser").asLong() == 0) {
      out.add(
          finding(
              Category.CONFIG_ERROR,
              resource,
              file,
              name,
              "Container " + name + " runs as root (runAsUser: 0).",
              "securityContext.runAsUser: 0"));
    } else if (!podNonRoot && !sc.path("runAsNonRoot").asBoolean(false)) {
      out.add(
          finding(
              Category.CONFIG_ERROR,
              resource,
              file,
              name,
              "Container " + name + " may run as root: neither it nor its pod sets runAsNonRoot.",
              "securityContext.runAsNonRoot: <unset>"));
    }
  }

  /** The pod spec of a workload, pod or job manifest; null for other kinds. */
  static JsonNode podSpec(JsonNode doc) {
    String kind = doc.path("kind").asText();
    return switch (kind) {
      case "Pod" -> doc.path("spec");
      case "CronJob" ->
          doc.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
      case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" ->
          doc.path("spec").path("template").path("spec");
      default -> null;
    };
  }

  private static Finding finding(
      Category category,
      String resource,
      String file,
      String container,
      String message,
      String evidence) {
    return new Finding(
        category,
        Severity.LOW,
        resource,
        message,
        List.of(file + ": " + evidence),
        container == null ? Map.of() : Map.of(Finding.ATTR_CONTAINER, container));
  }
}

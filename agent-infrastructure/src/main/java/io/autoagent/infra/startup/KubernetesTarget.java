package io.autoagent.infra.startup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.autoagent.core.config.ConfigException;
import io.autoagent.core.config.Env;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which cluster the agent will talk to, decided before anything connects, in the Kubernetes
 * client's order: {@code KUBECONFIG} (one or more files), else {@code ~/.kube/config}, else the
 * pod's service account. A kubeconfig that does not exist or does not parse stops start-up with one
 * line naming it ({@link ConfigException}), instead of a stack trace from the client later.
 *
 * @param description for the start-up summary: {@code kubeconfig /path, context x, server
 *     https://...}, {@code in-cluster ...} or {@code off (...)}
 * @param configured whether a cluster is configured
 */
public record KubernetesTarget(String description, boolean configured) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Reads {@code KUBECONFIG}, {@code HOME} and {@code KUBERNETES_SERVICE_HOST}/{@code _PORT}. */
  public static KubernetesTarget fromEnv(Map<String, String> vars) {
    Env env = new Env(vars);
    String kubeconfig = env.get("KUBECONFIG");
    if (kubeconfig != null) {
      return new KubernetesTarget(
          describeFiles("KUBECONFIG=" + kubeconfig, files(kubeconfig)), true);
    }
    String home = env.get("HOME");
    Path fallback = home == null ? null : Path.of(home, ".kube", "config");
    if (fallback != null && Files.isRegularFile(fallback)) {
      return new KubernetesTarget(describeFiles(fallback.toString(), List.of(fallback)), true);
    }
    String host = env.get("KUBERNETES_SERVICE_HOST");
    if (host != null) {
      return new KubernetesTarget(
          "in-cluster (service account), server https://"
              + host
              + ":"
              + env.get("KUBERNETES_SERVICE_PORT", "443"),
          true);
    }
    return new KubernetesTarget("off (no KUBECONFIG, no ~/.kube/config and not in a pod)", false);
  }

  private static List<Path> files(String kubeconfig) {
    List<Path> out = new ArrayList<>();
    for (String part : kubeconfig.split(File.pathSeparator)) {
      if (!part.isBlank()) {
        out.add(Path.of(part.strip()));
      }
    }
    return out;
  }

  /** Parses each file; the first {@code current-context} set wins, as in kubectl. */
  private static String describeFiles(String setting, List<Path> files) {
    String currentContext = null;
    List<JsonNode> docs = new ArrayList<>();
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new ConfigException(setting + " is not valid: " + file + " does not exist");
      }
      JsonNode doc;
      try {
        doc = YAML.readTree(file.toFile());
      } catch (IOException e) {
        throw new ConfigException(
            setting
                + " is not valid: "
                + file
                + " is not a kubeconfig file ("
                + e.getMessage().lines().findFirst().orElse("unreadable")
                + ")");
      }
      if (doc == null
          || !doc.isObject()
          || !(doc.has("clusters") || doc.has("contexts") || doc.has("current-context"))) {
        throw new ConfigException(
            setting
                + " is not valid: "
                + file
                + " is not a kubeconfig file (expected clusters, contexts and current-context)");
      }
      docs.add(doc);
      if (currentContext == null
          && doc.path("current-context").isTextual()
          && !doc.get("current-context").asText().isBlank()) {
        currentContext = doc.get("current-context").asText();
      }
    }
    if (currentContext == null) {
      throw new ConfigException(
          setting + " is not valid: no current-context is set (kubectl config use-context NAME)");
    }
    String cluster = find(docs, "contexts", currentContext, "context", "cluster");
    if (cluster == null) {
      throw new ConfigException(
          setting
              + " is not valid: current-context '"
              + currentContext
              + "' is not among its contexts");
    }
    String server = find(docs, "clusters", cluster, "cluster", "server");
    return "kubeconfig "
        + String.join(File.pathSeparator, files.stream().map(Path::toString).toList())
        + ", context "
        + currentContext
        + (server == null ? "" : ", server " + server);
  }

  /** {@code section[name == name].inner.field} across the files, first found. */
  private static String find(
      List<JsonNode> docs, String section, String name, String inner, String field) {
    for (JsonNode doc : docs) {
      for (JsonNode entry : doc.path(section)) {
        if (name.equals(entry.path("name").asText(null))
            && entry.path(inner).path(field).isTextual()) {
          return entry.path(inner).path(field).asText();
        }
      }
    }
    return null;
  }
}

package io.autoagent.tools.git;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The manifests of one service in one commit's tree, found the way a person would look for them:
 * the path its Argo CD Application (declared in the same repository) points at; else the files
 * whose objects are named or labelled as the service, plus the ConfigMaps and Secrets its workload
 * references. Pure; thread-safe.
 *
 * @param paths files and directories to follow in history (directories for an Argo CD path)
 * @param documents the objects found, with the file each comes from
 * @param argoCdApplication the Application whose path was used, or null
 */
record ServiceManifests(Set<String> paths, List<Located> documents, String argoCdApplication) {

  static final List<String> SERVICE_LABELS =
      List.of("app.kubernetes.io/name", "app.kubernetes.io/instance", "app");

  /** One object and its file. */
  record Located(String file, JsonNode doc) {}

  ServiceManifests {
    paths = Set.copyOf(paths);
    documents = List.copyOf(documents);
  }

  boolean isEmpty() {
    return paths.isEmpty();
  }

  /** The workload document (Deployment, StatefulSet, DaemonSet) of the service, if declared. */
  Optional<Located> workload(String service) {
    return documents.stream()
        .filter(l -> io.autoagent.tools.drift.WorkloadSpec.fromManifest(l.doc()).isPresent())
        .filter(l -> matches(l.doc(), service))
        .findFirst()
        .or(
            () ->
                documents.stream()
                    .filter(
                        l ->
                            io.autoagent.tools.drift.WorkloadSpec.fromManifest(l.doc()).isPresent())
                    .findFirst());
  }

  static ServiceManifests find(Map<String, String> yamlFiles, String namespace, String service) {
    List<Located> all = new ArrayList<>();
    yamlFiles.forEach(
        (file, text) -> Manifests.parse(text).forEach(doc -> all.add(new Located(file, doc))));
    Optional<Located> app =
        all.stream()
            .filter(
                l ->
                    l.doc().path("kind").asText().equals("Application")
                        && l.doc().path("apiVersion").asText().startsWith("argoproj.io/"))
            .filter(l -> matches(l.doc(), service))
            .findFirst();
    if (app.isPresent()) {
      String dir = sourcePath(app.get().doc());
      if (dir != null) {
        List<Located> docs = all.stream().filter(l -> l.file().startsWith(dir + "/")).toList();
        if (!docs.isEmpty()) {
          return new ServiceManifests(
              Set.of(dir), docs, app.get().doc().path("metadata").path("name").asText());
        }
      }
    }
    List<Located> docs =
        new ArrayList<>(
            all.stream()
                .filter(l -> !l.doc().path("kind").asText().equals("Application"))
                .filter(l -> inNamespace(l.doc(), namespace) && matches(l.doc(), service))
                .toList());
    Set<String> refs = referencedConfig(docs);
    all.stream()
        .filter(l -> Set.of("ConfigMap", "Secret").contains(l.doc().path("kind").asText()))
        .filter(l -> inNamespace(l.doc(), namespace) && refs.contains(Manifests.key(l.doc())))
        .filter(l -> !docs.contains(l))
        .forEach(docs::add);
    Set<String> paths = new LinkedHashSet<>();
    docs.forEach(l -> paths.add(l.file()));
    return new ServiceManifests(paths, docs, null);
  }

  static boolean matches(JsonNode doc, String service) {
    return service.equals(doc.path("metadata").path("name").asText())
        || SERVICE_LABELS.stream().anyMatch(label -> service.equals(Manifests.label(doc, label)));
  }

  private static boolean inNamespace(JsonNode doc, String namespace) {
    JsonNode ns = doc.path("metadata").path("namespace");
    return !ns.isTextual() || ns.asText().equals(namespace);
  }

  private static String sourcePath(JsonNode app) {
    String path = app.path("spec").path("source").path("path").asText(null);
    if (path == null) {
      for (JsonNode source : app.path("spec").path("sources")) {
        path = source.path("path").asText(null);
        if (path != null) {
          break;
        }
      }
    }
    if (path == null) {
      return null;
    }
    path = path.replaceAll("^\\./", "").replaceAll("/+$", "");
    return path.isEmpty() || path.equals(".") ? null : path;
  }

  /**
   * {@code ConfigMap/name} and {@code Secret/name} the workloads reference through env or volumes.
   */
  private static Set<String> referencedConfig(List<Located> docs) {
    Set<String> refs = new LinkedHashSet<>();
    for (Located l : docs) {
      JsonNode pod = l.doc().path("spec").path("template").path("spec");
      for (JsonNode v : pod.path("volumes")) {
        add(refs, "ConfigMap", v.path("configMap").path("name"));
        add(refs, "Secret", v.path("secret").path("secretName"));
      }
      for (JsonNode c : pod.path("containers")) {
        for (JsonNode e : c.path("envFrom")) {
          add(refs, "ConfigMap", e.path("configMapRef").path("name"));
          add(refs, "Secret", e.path("secretRef").path("name"));
        }
        for (JsonNode e : c.path("env")) {
          add(refs, "ConfigMap", e.path("valueFrom").path("configMapKeyRef").path("name"));
          add(refs, "Secret", e.path("valueFrom").path("secretKeyRef").path("name"));
        }
      }
    }
    return refs;
  }

  private static void add(Set<String> refs, String kind, JsonNode name) {
    if (name.isTextual()) {
      refs.add(kind + "/" + name.asText());
    }
  }
}

package io.autoagent.infra.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.tools.kube.KubeOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts a scenario's objects into the fabric8 mock API server (CRUD mode) so that they read back as
 * they would from a real cluster.
 *
 * <ul>
 *   <li>Creates in dependency order: Nodes, then namespaced configuration (ConfigMaps, quotas,
 *       LimitRanges, HPAs, claims...), workloads, ReplicaSets, Pods, PodMetrics, Events.
 *   <li>The mock assigns new uids on create, so {@code ownerReferences[].uid} and events' {@code
 *       involvedObject.uid} are rewritten to the uids it assigned (looked up by kind, namespace and
 *       name).
 *   <li>Namespaced objects without a namespace land in the scenario's namespace.
 *   <li>A CustomResourceDefinition may be declared by several scenarios (each that uses the kind
 *       says so); the first creates it, before any object of the scenario.
 *   <li>The mock cannot serve container logs: each {@code logs} entry becomes an expectation on the
 *       exact previous-log read the agent makes, each {@code current_logs} entry one on the
 *       current-log read of a Ready container.
 *   <li>{@code metadata.managedFields} are kept: their times are live change evidence.
 * </ul>
 */
final class ClusterSeeder {

  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Node",
          "Namespace",
          "PersistentVolume",
          "StorageClass",
          "ClusterRole",
          "ClusterRoleBinding",
          "PriorityClass",
          "CustomResourceDefinition");
  private static final List<Set<String>> ORDER =
      List.of(
          Set.of("Namespace"),
          Set.of(
              "Node",
              "PersistentVolume",
              "StorageClass",
              "PriorityClass",
              "CustomResourceDefinition"),
          Set.of(),
          Set.of("Deployment", "StatefulSet", "DaemonSet", "CronJob"),
          Set.of("ReplicaSet", "ControllerRevision", "Job"),
          Set.of("Pod"),
          Set.of("PodMetrics"),
          Set.of("Event"));
  private static final int CONFIG_RANK = 2;

  /**
   * Prefix of a {@code logs} key that stands for a running container's current log ({@code
   * current_logs}).
   */
  static final String CURRENT_LOG_PREFIX = "current:";

  private final KubernetesClient client;
  private final KubernetesMockServer server;

  /** Objects created so far by every scenario, {@code Kind/namespace/name}, to catch collisions. */
  private final Map<String, String> owners = new HashMap<>();

  ClusterSeeder(KubernetesClient client, KubernetesMockServer server) {
    this.client = client;
    this.server = server;
  }

  void seed(Scenario scenario) {
    String ns = scenario.namespace();
    Map<String, String> uids = new HashMap<>();
    List<JsonNode> ordered = new ArrayList<>(scenario.cluster());
    ordered.sort(Comparator.comparingInt(ClusterSeeder::rank));
    for (JsonNode original : ordered) {
      ObjectNode json = original.deepCopy();
      String kind = json.path("kind").asText();
      if (kind.isEmpty() || !json.path("metadata").hasNonNull("name")) {
        throw new IllegalArgumentException(
            scenario.name() + ": every object needs kind and metadata.name");
      }
      ObjectNode meta = (ObjectNode) json.get("metadata");
      boolean clusterScoped = CLUSTER_SCOPED.contains(kind);
      if (clusterScoped) {
        meta.remove("namespace");
      } else if (!meta.hasNonNull("namespace")) {
        meta.put("namespace", ns);
      }
      String objectNs = clusterScoped ? "" : meta.get("namespace").asText();
      // managedFields stay: their times are the live change evidence of ConfigMaps and Secrets
      for (String field : List.of("uid", "resourceVersion", "selfLink")) {
        meta.remove(field);
      }
      for (JsonNode owner : meta.path("ownerReferences")) {
        ((ObjectNode) owner)
            .put(
                "uid",
                uid(
                    uids,
                    scenario,
                    owner.path("kind").asText(),
                    objectNs,
                    owner.path("name").asText()));
      }
      if (kind.equals("Event") && json.has("involvedObject")) {
        ObjectNode involved = (ObjectNode) json.get("involvedObject");
        String involvedNs = involved.path("namespace").asText("");
        String key =
            key(involved.path("kind").asText(), involvedNs, involved.path("name").asText());
        if (uids.containsKey(key)) {
          involved.put("uid", uids.get(key));
        }
      }
      String key = key(kind, objectNs, meta.get("name").asText());
      String previous = owners.putIfAbsent(key, scenario.name());
      if (previous != null && kind.equals("CustomResourceDefinition")) {
        continue; // a CRD is cluster-wide: several scenarios may need the same one; the first
        // creates it
      }
      if (previous != null) {
        throw new IllegalArgumentException(
            scenario.name()
                + ": "
                + key
                + " is already defined by scenario "
                + previous
                + "; give each scenario its own namespace and node names");
      }
      HasMetadata object = client.getKubernetesSerialization().unmarshal(json.toString());
      HasMetadata created =
          clusterScoped
              ? client.resource(object).create()
              : client.resource(object).inNamespace(objectNs).create();
      uids.put(key, created.getMetadata().getUid());
    }
    scenario.logs().forEach((podContainer, text) -> expectLog(ns, podContainer, text));
  }

  private static String uid(
      Map<String, String> uids, Scenario scenario, String kind, String ns, String name) {
    String uid = uids.get(key(kind, ns, name));
    if (uid == null) {
      throw new IllegalArgumentException(
          scenario.name()
              + ": owner "
              + key(kind, ns, name)
              + " is not among the scenario's objects (or is created after its dependant)");
    }
    return uid;
  }

  private void expectLog(String ns, String key, String text) {
    boolean current = key.startsWith(CURRENT_LOG_PREFIX);
    String podContainer = current ? key.substring(CURRENT_LOG_PREFIX.length()) : key;
    int slash = podContainer.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("logs keys are <pod>/<container>, got " + podContainer);
    }
    String path =
        "/api/v1/namespaces/"
            + ns
            + "/pods/"
            + podContainer.substring(0, slash)
            + "/log?pretty=false&container="
            + podContainer.substring(slash + 1)
            + (current ? "" : "&previous=true")
            + "&tailLines="
            + KubeOptions.DEFAULT_LOG_LINES;
    server.expect().get().withPath(path).andReturn(200, text).always();
  }

  private static int rank(JsonNode object) {
    String kind = object.path("kind").asText();
    for (int i = 0; i < ORDER.size(); i++) {
      if (ORDER.get(i).contains(kind)) {
        return i;
      }
    }
    return CONFIG_RANK;
  }

  private static String key(String kind, String ns, String name) {
    return kind + "/" + (ns == null ? "" : ns) + "/" + name;
  }
}

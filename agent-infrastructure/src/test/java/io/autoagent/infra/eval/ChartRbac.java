package io.autoagent.infra.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import io.autoagent.tools.runbook.ActionRegistry;
import io.autoagent.tools.runbook.ActionSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The infrastructure agent's ClusterRole as the chart renders it, against what the code needs: the
 * reads recorded from the agent's requests ({@link RequestedRbac}) and the writes and reads of
 * every action and check in the {@link ActionRegistry} (runbooks may use any of them), from {@link
 * #REMEDIATION}, which must name every registered action and check.
 */
final class ChartRbac {

  private static final Path CHART = Path.of("..", "helm", "autoagent");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The AutoRemediationPolicy informer, which runs whenever remediation is enabled. */
  static final List<String> POLICY_SOURCE =
      List.of(
          "autoagent.io/autoremediationpolicies:get",
          "autoagent.io/autoremediationpolicies:list",
          "autoagent.io/autoremediationpolicies:watch");

  private static final List<String> WORKLOAD_PATCH =
      List.of(
          "apps/deployments:patch",
          "apps/statefulsets:patch",
          "apps/daemonsets:get",
          "apps/daemonsets:patch");

  /**
   * What each registered action and check asks of the API beyond the evidence reads (read from
   * their implementations in common-tools/.../remediation/action). A new action or check must be
   * added here, or the check fails naming it.
   */
  static final Map<String, List<String>> REMEDIATION =
      Map.ofEntries(
          Map.entry(
              "scale_deployment", List.of("apps/deployments:patch", "apps/statefulsets:patch")),
          Map.entry("rollout_restart", WORKLOAD_PATCH),
          Map.entry("set_cronjob_suspend", List.of("batch/cronjobs:patch")),
          Map.entry("evict_pod", List.of("/pods/eviction:create")),
          Map.entry("delete_pod", List.of("/pods/eviction:create")),
          Map.entry("cordon_node", List.of("/nodes:patch")),
          Map.entry("uncordon_node", List.of("/nodes:patch")),
          Map.entry("drain_node", List.of("/nodes:patch", "/pods/eviction:create")),
          Map.entry("raise_memory_limit", WORKLOAD_PATCH),
          Map.entry("set_memory_limit", WORKLOAD_PATCH),
          Map.entry("set_image", WORKLOAD_PATCH),
          Map.entry("rollback_deployment", List.of("apps/deployments:patch")),
          Map.entry(
              "label",
              List.of(
                  "apps/deployments:patch",
                  "apps/statefulsets:patch",
                  "apps/daemonsets:patch",
                  "/pods:patch",
                  "/services:get",
                  "/services:patch",
                  "/configmaps:get",
                  "/configmaps:patch",
                  "/nodes:patch")),
          Map.entry(
              "annotate",
              List.of(
                  "apps/deployments:patch",
                  "apps/statefulsets:patch",
                  "apps/daemonsets:patch",
                  "/pods:patch",
                  "/services:get",
                  "/services:patch",
                  "/configmaps:get",
                  "/configmaps:patch",
                  "/nodes:patch")),
          Map.entry("argocd_sync", List.of()),
          Map.entry("argocd_rollback", List.of()),
          Map.entry("raise_quota", List.of("/resourcequotas:get", "/resourcequotas:patch")),
          Map.entry("restore_quota", List.of("/resourcequotas:get", "/resourcequotas:patch")),
          Map.entry("wait_for", List.of()),
          Map.entry("publish_event", List.of()),
          Map.entry("deployment_exists", List.of()),
          Map.entry("cronjob_exists", List.of()),
          Map.entry("deployment_available", List.of()),
          Map.entry("rollout_complete", List.of()),
          Map.entry("pods_ready", List.of()),
          Map.entry("no_pending_pods", List.of()),
          Map.entry("no_restarts_within", List.of()),
          Map.entry("no_oom_kills_within", List.of()),
          Map.entry("pod_exists", List.of()),
          Map.entry("pod_has_owner", List.of()),
          Map.entry("memory_limit_below", List.of()),
          Map.entry("not_autoscaled", List.of()),
          Map.entry("replicas_below", List.of()),
          Map.entry("rollout_revision_exists", List.of()),
          Map.entry("image_pullable", List.of()),
          Map.entry("node_exists", List.of()),
          Map.entry("node_ready", List.of()),
          Map.entry("node_schedulable", List.of()),
          Map.entry("capacity_without_node", List.of()),
          Map.entry("pdb_allows_disruption", List.of("policy/poddisruptionbudgets:list")),
          Map.entry(
              "object_exists",
              List.of(
                  "/configmaps:get",
                  "/secrets:get",
                  "/resourcequotas:get",
                  "/persistentvolumeclaims:get",
                  "/serviceaccounts:get")),
          Map.entry("argocd_app_exists", List.of()),
          Map.entry("argocd_app_synced", List.of()),
          Map.entry("argocd_app_healthy", List.of()),
          Map.entry("argocd_manages_object", List.of()),
          Map.entry("argocd_history_exists", List.of()),
          Map.entry("quota_exists", List.of("/resourcequotas:get")),
          Map.entry("quota_has_headroom", List.of("/resourcequotas:get")));

  private ChartRbac() {}

  /** Registered actions and checks {@link #REMEDIATION} does not describe. */
  static Set<String> undescribed(ActionRegistry registry) {
    Set<String> names = new TreeSet<>();
    registry.actions().stream().map(ActionSpec::name).forEach(names::add);
    registry.checks().stream().map(ActionSpec::name).forEach(names::add);
    names.removeAll(REMEDIATION.keySet());
    return names;
  }

  /**
   * Every rule the code needs: the recorded requests, the policy informer, every action and check.
   */
  static Set<String> needed(Set<RequestedRbac.Rule> requested) {
    Set<String> out = new TreeSet<>();
    requested.forEach(r -> out.add(r.toString()));
    out.addAll(POLICY_SOURCE);
    REMEDIATION.values().forEach(out::addAll);
    return out;
  }

  /**
   * The infrastructure agent ClusterRole's rules, one {@code group/resource:verb} per permission,
   * rendered with every optional permission switched on ({@code remediation.allowSecretChecks}).
   */
  static Set<String> granted() throws Exception {
    String rendered =
        new Helm(CHART)
            .template()
            .withName("aa")
            .withNamespace("ops")
            .withKubeVersion("1.31.0")
            .set("infrastructureAgent.remediation.enabled", "true")
            .set("infrastructureAgent.remediation.allowSecretChecks", "true")
            .call();
    List<JsonNode> roles = new ArrayList<>();
    try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(rendered)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null
            && "ClusterRole".equals(doc.path("kind").asText())
            && "aa-infrastructure-agent".equals(doc.path("metadata").path("name").asText())) {
          roles.add(doc);
        }
      }
    }
    if (roles.size() != 1) {
      throw new AssertionError(
          "expected one ClusterRole aa-infrastructure-agent, found " + roles.size());
    }
    Set<String> out = new TreeSet<>();
    for (JsonNode rule : roles.getFirst().path("rules")) {
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          for (JsonNode verb : rule.path("verbs")) {
            out.add(group.asText() + "/" + resource.asText() + ":" + verb.asText());
          }
        }
      }
    }
    return out;
  }
}

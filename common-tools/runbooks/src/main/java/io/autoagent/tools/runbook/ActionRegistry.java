package io.autoagent.tools.runbook;

import static io.autoagent.tools.runbook.ArgSpec.optional;
import static io.autoagent.tools.runbook.ArgSpec.required;
import static io.autoagent.tools.runbook.ArgType.BOOLEAN;
import static io.autoagent.tools.runbook.ArgType.DURATION;
import static io.autoagent.tools.runbook.ArgType.IMAGE;
import static io.autoagent.tools.runbook.ArgType.INTEGER;
import static io.autoagent.tools.runbook.ArgType.NAME;
import static io.autoagent.tools.runbook.ArgType.QUANTITY;
import static io.autoagent.tools.runbook.ArgType.STRING;
import static io.autoagent.tools.runbook.ArgType.STRING_LIST;
import static io.autoagent.tools.runbook.ArgType.STRING_MAP;

import io.autoagent.tools.runbook.ActionSpec.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fixed set of named actions a runbook step may use, and of named checks its preconditions and
 * verification may use. A runbook can only do what is registered here: there are no shell commands.
 * The execution engine implements each name; this class only declares names and argument types.
 * Immutable and thread-safe.
 */
public final class ActionRegistry {

  /** Conditions {@code wait_for} can wait on. */
  public static final List<String> WAIT_CONDITIONS =
      List.of(
          "deployment_available",
          "rollout_complete",
          "pods_ready",
          "node_schedulable",
          "argocd_app_synced",
          "argocd_app_healthy");

  private static final ActionRegistry STANDARD = new ActionRegistry(standardSpecs());

  private final Map<String, ActionSpec> actions = new LinkedHashMap<>();
  private final Map<String, ActionSpec> checks = new LinkedHashMap<>();

  public ActionRegistry(Collection<ActionSpec> specs) {
    for (ActionSpec spec : specs) {
      Map<String, ActionSpec> target = spec.kind() == Kind.ACTION ? actions : checks;
      if (target.putIfAbsent(spec.name(), spec) != null) {
        throw new IllegalArgumentException("duplicate " + spec.kind() + " " + spec.name());
      }
    }
  }

  /** The registry every shipped runbook is written against. */
  public static ActionRegistry standard() {
    return STANDARD;
  }

  public Optional<ActionSpec> action(String name) {
    return Optional.ofNullable(actions.get(name));
  }

  public Optional<ActionSpec> check(String name) {
    return Optional.ofNullable(checks.get(name));
  }

  public List<ActionSpec> actions() {
    return List.copyOf(actions.values());
  }

  public List<ActionSpec> checks() {
    return List.copyOf(checks.values());
  }

  private static List<ActionSpec> standardSpecs() {
    List<ActionSpec> s = new ArrayList<>();
    ArgSpec ns = required("namespace", NAME, "namespace of the object");
    ArgSpec name = required("name", NAME, "name of the workload");
    ArgSpec kind = optional("kind", STRING, "workload kind, Deployment by default")
        .oneOf("Deployment", "StatefulSet", "DaemonSet");
    ArgSpec container = required("container", NAME, "container name");
    ArgSpec node = required("node", NAME, "node name");
    ArgSpec app = required("application", NAME, "Argo CD application name");
    ArgSpec window = required("window", DURATION, "how long the condition must have held");
    ArgSpec grace = optional("grace_period_seconds", INTEGER, "pod termination grace").between(0, 3600);

    action(s, "scale_deployment", "Scale a Deployment to replicas, refused outside min..max",
        ns, name, required("replicas", INTEGER, "target replicas").between(0, 1000),
        optional("min_replicas", INTEGER, "lowest allowed target, 1 by default").between(0, 1000),
        required("max_replicas", INTEGER, "highest allowed target").between(1, 1000));
    action(s, "rollout_restart", "Rolling restart of a workload (restartedAt annotation)",
        ns, name, kind);
    action(s, "set_cronjob_suspend", "Suspend (true) or resume (false) a CronJob's schedule",
        ns, name, required("suspend", BOOLEAN, "true suspends, false resumes"));
    action(s, "evict_pod", "Evict one pod through the Eviction API (respects PodDisruptionBudgets)",
        ns, required("pod", NAME, "pod name"), grace);
    action(s, "delete_pod", "Delete one pod; its controller recreates it",
        ns, required("pod", NAME, "pod name"), grace);
    action(s, "cordon_node", "Mark a node unschedulable", node);
    action(s, "uncordon_node", "Mark a node schedulable again", node);
    action(s, "drain_node", "Cordon a node and evict its pods through the Eviction API",
        node, required("timeout", DURATION, "give up after this long"), grace,
        optional("ignore_daemonsets", BOOLEAN, "leave DaemonSet pods, true by default"),
        optional("delete_emptydir_data", BOOLEAN, "evict pods with emptyDir, false by default"));
    action(s, "raise_memory_limit",
        "Raise a container's memory limit to target_limit, or by increase_percent, never above ceiling",
        ns, name, kind, container,
        optional("increase_percent", INTEGER, "raise by this percentage").between(1, 400),
        optional("target_limit", QUANTITY, "raise to this limit"),
        required("ceiling", QUANTITY, "never set a limit above this"));
    action(s, "set_memory_limit", "Set a container's memory limit (used to undo a raise)",
        ns, name, kind, container, required("limit", QUANTITY, "new memory limit"));
    action(s, "set_image", "Set a container's image", ns, name, kind, container,
        required("image", IMAGE, "image reference"));
    action(s, "rollback_deployment", "Roll a Deployment back to a ReplicaSet revision",
        ns, name, optional("to_revision", INTEGER, "revision, the previous one by default").between(1, Long.MAX_VALUE));
    action(s, "label", "Set or remove labels on an object",
        optional("namespace", NAME, "namespace, absent for cluster-scoped objects"),
        required("kind", STRING, "object kind"), required("name", NAME, "object name"),
        required("labels", STRING_MAP, "labels to set; null removes"));
    action(s, "annotate", "Set or remove annotations on an object",
        optional("namespace", NAME, "namespace, absent for cluster-scoped objects"),
        required("kind", STRING, "object kind"), required("name", NAME, "object name"),
        required("annotations", STRING_MAP, "annotations to set; null removes"));
    action(s, "argocd_sync", "Sync an Argo CD application to git",
        app, optional("revision", STRING, "git revision, the tracked one by default"),
        optional("prune", BOOLEAN, "delete objects git no longer declares, false by default"),
        optional("resources", STRING_LIST, "only these Kind/name objects"));
    action(s, "argocd_rollback", "Roll an Argo CD application back to a history id",
        app, required("history_id", INTEGER, "Argo CD history id").between(0, Long.MAX_VALUE));
    action(s, "raise_quota", "Raise one resource of a ResourceQuota's hard limit by a percentage",
        ns, required("quota", NAME, "ResourceQuota name"),
        required("resource", STRING, "quota resource, for example requests.memory"),
        required("increase_percent", INTEGER, "raise by this percentage").between(1, 100));
    action(s, "restore_quota",
        "Restore one resource of a ResourceQuota to the hard limit recorded before this execution",
        ns, required("quota", NAME, "ResourceQuota name"), required("resource", STRING, "quota resource"));
    action(s, "wait_for", "Wait until a condition holds, failing the step after timeout",
        required("condition", STRING, "condition").oneOf(WAIT_CONDITIONS.toArray(String[]::new)),
        optional("namespace", NAME, "namespace"), optional("name", NAME, "workload name"),
        optional("selector", STRING, "pod label selector"), optional("node", NAME, "node"),
        optional("application", NAME, "Argo CD application"),
        required("timeout", DURATION, "give up after this long"));
    action(s, "publish_event", "Publish an agent event for people and other agents",
        required("event_type", STRING, "event type"),
        required("severity", STRING, "severity").oneOf("info", "low", "medium", "high", "critical"),
        required("message", STRING, "what happened and what a person should do"));

    check(s, "deployment_exists", "The Deployment exists", ns, name);
    check(s, "cronjob_exists", "The CronJob exists", ns, name);
    check(s, "deployment_available", "Available replicas equal desired and Available=True", ns, name);
    check(s, "rollout_complete", "The latest revision is fully rolled out", ns, name);
    check(s, "pods_ready", "Every pod of the workload is Ready", ns, name);
    check(s, "no_pending_pods", "No pod of the workload is Pending", ns, name);
    check(s, "no_restarts_within", "No container of the workload restarted within window",
        ns, name, window);
    check(s, "no_oom_kills_within", "No container of the workload was OOM-killed within window",
        ns, name, optional("container", NAME, "only this container"), window);
    check(s, "pod_exists", "The pod exists", ns, required("pod", NAME, "pod name"));
    check(s, "pod_has_owner", "The pod is managed by a controller that will recreate it",
        ns, required("pod", NAME, "pod name"));
    check(s, "memory_limit_below", "The container's memory limit is below limit",
        ns, name, container, required("limit", QUANTITY, "upper bound"));
    check(s, "not_autoscaled", "No HorizontalPodAutoscaler targets the workload", ns, name);
    check(s, "replicas_below", "The workload's desired replicas are below max_replicas",
        ns, name, required("max_replicas", INTEGER, "upper bound").between(1, 1000));
    check(s, "rollout_revision_exists", "The Deployment still has the ReplicaSet of revision",
        ns, name, required("revision", INTEGER, "revision").between(1, Long.MAX_VALUE));
    check(s, "image_pullable", "The registry serves a manifest for the image",
        required("image", IMAGE, "image reference"));
    check(s, "node_exists", "The node exists", node);
    check(s, "node_ready", "The node is Ready without pressure conditions", node);
    check(s, "node_schedulable", "The node is not cordoned", node);
    check(s, "capacity_without_node", "The other nodes can hold the node's evictable pods", node);
    check(s, "pdb_allows_disruption", "PodDisruptionBudgets of the workload allow one disruption",
        ns, name);
    check(s, "object_exists", "A namespaced object exists", ns,
        required("kind", STRING, "kind").oneOf("ConfigMap", "Secret", "ResourceQuota",
            "PersistentVolumeClaim", "ServiceAccount"),
        required("name", NAME, "object name"));
    check(s, "argocd_app_exists", "The Argo CD application exists", app);
    check(s, "argocd_app_synced", "The Argo CD application is Synced", app);
    check(s, "argocd_app_healthy", "The Argo CD application is Healthy", app);
    check(s, "argocd_manages_object", "The application's desired manifests declare the object",
        app, optional("kind", STRING, "object kind, any by default"), required("name", NAME, "object name"));
    check(s, "argocd_history_exists", "The application's history has this id",
        app, required("history_id", INTEGER, "history id").between(0, Long.MAX_VALUE));
    check(s, "quota_exists", "The ResourceQuota exists", ns, required("quota", NAME, "quota"));
    check(s, "quota_has_headroom", "The quota's used amount is below its hard limit",
        ns, required("quota", NAME, "quota"), required("resource", STRING, "quota resource"));
    return s;
  }

  private static void action(List<ActionSpec> s, String n, String d, ArgSpec... args) {
    boolean mutating = !n.equals("wait_for") && !n.equals("publish_event");
    s.add(new ActionSpec(n, Kind.ACTION, d, mutating, List.of(args)));
  }

  private static void check(List<ActionSpec> s, String n, String d, ArgSpec... args) {
    s.add(new ActionSpec(n, Kind.CHECK, d, false, List.of(args)));
  }
}

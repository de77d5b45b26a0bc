package io.autoagent.tools.remediation.action;

import static io.autoagent.tools.remediation.action.Checks.argo;
import static io.autoagent.tools.remediation.action.Checks.deployment;
import static io.autoagent.tools.remediation.action.Checks.holds;
import static io.autoagent.tools.remediation.action.Checks.object;
import static io.autoagent.tools.remediation.action.Checks.pod;
import static io.autoagent.tools.remediation.action.Checks.pods;
import static io.autoagent.tools.remediation.action.Checks.workload;
import static io.autoagent.tools.remediation.action.NodeChecks.onNode;
import static io.autoagent.tools.remediation.action.Specs.APPLICATION;
import static io.autoagent.tools.remediation.action.Specs.CONTAINER;
import static io.autoagent.tools.remediation.action.Specs.NAMESPACE;
import static io.autoagent.tools.remediation.action.Specs.NAME_ARG;
import static io.autoagent.tools.remediation.action.Specs.NODE;
import static io.autoagent.tools.remediation.action.Specs.POD;
import static io.autoagent.tools.remediation.action.Specs.WINDOW;
import static io.autoagent.tools.runbook.ArgSpec.optional;
import static io.autoagent.tools.runbook.ArgSpec.required;
import static io.autoagent.tools.runbook.ArgType.IMAGE;
import static io.autoagent.tools.runbook.ArgType.INTEGER;
import static io.autoagent.tools.runbook.ArgType.NAME;
import static io.autoagent.tools.runbook.ArgType.QUANTITY;
import static io.autoagent.tools.runbook.ArgType.STRING;

import io.autoagent.tools.remediation.CheckOutcome;
import io.autoagent.tools.runbook.ActionSpec;
import io.autoagent.tools.runbook.ArgSpec;
import java.util.List;
import java.util.Optional;

/**
 * Every registered check, once: each entry is the check's spec next to its evaluation. Adding a
 * check is adding an entry here (docs/remediation-actions.md); {@code ActionCatalogTest} then asks
 * for the regenerated {@code runbooks/actions.json}.
 */
final class StandardChecks {

  private StandardChecks() {}

  static List<RegisteredCheck> all() {
    return List.of(
        check(
            "deployment_exists",
            "The Deployment exists",
            (c, ctx, a) -> holds(c, workload(ctx, a) != null, "exists", "does not exist"),
            NAMESPACE,
            NAME_ARG),
        check(
            "cronjob_exists",
            "The CronJob exists",
            (c, ctx, a) ->
                holds(
                    c,
                    ctx.client()
                            .batch()
                            .v1()
                            .cronjobs()
                            .inNamespace(a.string("namespace"))
                            .withName(a.string("name"))
                            .get()
                        != null,
                    "exists",
                    "does not exist"),
            NAMESPACE,
            NAME_ARG),
        check(
            "deployment_available",
            "Available replicas equal desired and Available=True",
            (c, ctx, a) -> WorkloadChecks.available(c, deployment(ctx, a)),
            NAMESPACE,
            NAME_ARG),
        check(
            "rollout_complete",
            "The latest revision is fully rolled out",
            (c, ctx, a) -> WorkloadChecks.rolledOut(c, deployment(ctx, a)),
            NAMESPACE,
            NAME_ARG),
        check(
            "pods_ready",
            "Every pod of the workload is Ready",
            WorkloadChecks::podsReady,
            NAMESPACE,
            NAME_ARG),
        check(
            "no_pending_pods",
            "No pod of the workload is Pending",
            (c, ctx, a) -> WorkloadChecks.noPending(c, pods(ctx, a)),
            NAMESPACE,
            NAME_ARG),
        check(
            "no_restarts_within",
            "No container of the workload restarted within window",
            (c, ctx, a) ->
                WorkloadChecks.noTermination(
                    c, ctx, pods(ctx, a), null, null, a.duration("window")),
            NAMESPACE,
            NAME_ARG,
            WINDOW),
        check(
            "no_oom_kills_within",
            "No container of the workload was OOM-killed within window",
            (c, ctx, a) ->
                WorkloadChecks.noTermination(
                    c,
                    ctx,
                    pods(ctx, a),
                    "OOMKilled",
                    a.string("container", null),
                    a.duration("window")),
            NAMESPACE,
            NAME_ARG,
            optional("container", NAME, "only this container"),
            WINDOW),
        check(
            "pod_exists",
            "The pod exists",
            (c, ctx, a) -> holds(c, pod(ctx, a) != null, "exists", "does not exist"),
            NAMESPACE,
            POD),
        check(
            "pod_has_owner",
            "The pod is managed by a controller that will recreate it",
            (c, ctx, a) ->
                holds(
                    c,
                    Kube.controller(Kube.require(pod(ctx, a), "pod")).isPresent(),
                    "has a controller",
                    "has no controller; nothing would recreate it"),
            NAMESPACE,
            POD),
        check(
            "memory_limit_below",
            "The container's memory limit is below limit",
            (c, ctx, a) ->
                WorkloadChecks.memoryBelow(c, Kube.require(workload(ctx, a), "workload"), a),
            NAMESPACE,
            NAME_ARG,
            CONTAINER,
            required("limit", QUANTITY, "upper bound")),
        check(
            "not_autoscaled",
            "No HorizontalPodAutoscaler targets the workload",
            WorkloadChecks::notAutoscaled,
            NAMESPACE,
            NAME_ARG),
        check(
            "replicas_below",
            "The workload's desired replicas are below max_replicas",
            (c, ctx, a) ->
                WorkloadChecks.replicasBelow(c, deployment(ctx, a), a.integer("max_replicas")),
            NAMESPACE,
            NAME_ARG,
            required("max_replicas", INTEGER, "upper bound").between(1, 1000)),
        check(
            "rollout_revision_exists",
            "The Deployment still has the ReplicaSet of revision",
            (c, ctx, a) ->
                holds(
                    c,
                    RollbackDeployment.revisions(ctx, deployment(ctx, a))
                        .containsKey(a.integer("revision")),
                    "revision " + a.integer("revision") + " has a ReplicaSet",
                    "revision " + a.integer("revision") + " has no ReplicaSet"),
            NAMESPACE,
            NAME_ARG,
            required("revision", INTEGER, "revision").between(1, Long.MAX_VALUE)),
        check(
            "image_pullable",
            "The registry serves a manifest for the image",
            (c, ctx, a) -> WorkloadChecks.imageSeen(c, ctx, a.string("image")),
            required("image", IMAGE, "image reference")),
        check("node_exists", "The node exists", onNode(NodeChecks::exists), NODE),
        check(
            "node_ready",
            "The node is Ready without pressure conditions",
            onNode(NodeChecks::readyWithoutPressure),
            NODE),
        check(
            "node_schedulable", "The node is not cordoned", onNode(NodeChecks::schedulable), NODE),
        check(
            "capacity_without_node",
            "The other nodes can hold the node's evictable pods",
            onNode(NodeChecks::capacity),
            NODE),
        check(
            "pdb_allows_disruption",
            "PodDisruptionBudgets of the workload allow one disruption",
            (c, ctx, a) ->
                WorkloadChecks.pdbAllows(c, ctx, Kube.require(workload(ctx, a), "workload")),
            NAMESPACE,
            NAME_ARG),
        check(
            "object_exists",
            "A namespaced object exists",
            (c, ctx, a) -> holds(c, object(ctx, a) != null, "exists", "does not exist"),
            NAMESPACE,
            required("kind", STRING, "kind")
                .oneOf(
                    "ConfigMap",
                    "Secret",
                    "ResourceQuota",
                    "PersistentVolumeClaim",
                    "ServiceAccount"),
            required("name", NAME, "object name")),
        check(
            "argocd_app_exists",
            "The Argo CD application exists",
            (c, ctx, a) ->
                holds(
                    c,
                    ctx.argo().state(a.string("application")).isPresent(),
                    "exists",
                    "does not exist"),
            APPLICATION),
        check(
            "argocd_app_synced",
            "The Argo CD application is Synced",
            (c, ctx, a) ->
                argo(
                    c, ctx, a, s -> "Synced".equals(s.syncStatus()), s -> "sync " + s.syncStatus()),
            APPLICATION),
        check(
            "argocd_app_healthy",
            "The Argo CD application is Healthy",
            (c, ctx, a) ->
                argo(
                    c,
                    ctx,
                    a,
                    s -> "Healthy".equals(s.healthStatus()),
                    s -> "health " + s.healthStatus()),
            APPLICATION),
        check(
            "argocd_manages_object",
            "The application's desired manifests declare the object",
            StandardChecks::managesObject,
            APPLICATION,
            optional("kind", STRING, "object kind, any by default"),
            required("name", NAME, "object name")),
        check(
            "argocd_history_exists",
            "The application's history has this id",
            (c, ctx, a) ->
                argo(
                    c,
                    ctx,
                    a,
                    s -> s.historyIds().contains(a.integer("history_id")),
                    s -> "history " + s.historyIds()),
            APPLICATION,
            required("history_id", INTEGER, "history id").between(0, Long.MAX_VALUE)),
        check(
            "quota_exists",
            "The ResourceQuota exists",
            (c, ctx, a) ->
                holds(
                    c,
                    ctx.client()
                            .resourceQuotas()
                            .inNamespace(a.string("namespace"))
                            .withName(a.string("quota"))
                            .get()
                        != null,
                    "exists",
                    "does not exist"),
            NAMESPACE,
            required("quota", NAME, "quota")),
        check(
            "quota_has_headroom",
            "The quota's used amount is below its hard limit",
            WorkloadChecks::quotaHeadroom,
            NAMESPACE,
            required("quota", NAME, "quota"),
            required("resource", STRING, "quota resource")));
  }

  private static RegisteredCheck check(
      String name, String description, RegisteredCheck.Evaluation evaluation, ArgSpec... args) {
    return RegisteredCheck.of(ActionSpec.check(name, description, args), evaluation);
  }

  private static CheckOutcome managesObject(String check, ActionContext ctx, Args a) {
    String app = a.string("application");
    String kind = a.string("kind", null);
    String what = (kind == null ? "" : kind + " ") + a.string("name");
    Optional<Boolean> manages = ctx.argo().manages(app, kind, a.string("name"));
    if (manages.isEmpty()) {
      return CheckOutcome.fails(
          check, "application " + app + " does not exist or Argo CD did not list its objects");
    }
    return holds(
        check,
        manages.get(),
        "application " + app + " declares " + what,
        "application " + app + " does not declare " + what);
  }
}

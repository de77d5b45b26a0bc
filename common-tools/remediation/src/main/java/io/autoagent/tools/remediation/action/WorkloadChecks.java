package io.autoagent.tools.remediation.action;

import io.autoagent.tools.remediation.CheckOutcome;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks over a workload, its pods and its namespace's quota. */
final class WorkloadChecks {

  private WorkloadChecks() {}

  static CheckOutcome available(String check, Deployment d) {
    int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    int available =
        d.getStatus() == null || d.getStatus().getAvailableReplicas() == null
            ? 0
            : d.getStatus().getAvailableReplicas();
    Optional<DeploymentCondition> cond =
        d.getStatus() == null || d.getStatus().getConditions() == null
            ? Optional.empty()
            : d.getStatus().getConditions().stream()
                .filter(c -> "Available".equals(c.getType()))
                .findFirst();
    boolean condOk = cond.map(c -> "True".equals(c.getStatus())).orElse(true);
    String detail =
        available
            + "/"
            + desired
            + " available"
            + cond.map(c -> ", Available=" + c.getStatus()).orElse("");
    return available >= desired && condOk
        ? CheckOutcome.holds(check, detail)
        : CheckOutcome.fails(check, detail);
  }

  static CheckOutcome rolledOut(String check, Deployment d) {
    int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    var s = d.getStatus();
    if (s == null) {
      return CheckOutcome.fails(check, "no status yet");
    }
    Long gen = d.getMetadata().getGeneration();
    Long observed = s.getObservedGeneration();
    if (gen != null && observed != null && observed < gen) {
      return CheckOutcome.fails(
          check, "the controller has not observed generation " + gen + " yet");
    }
    int updated = nz(s.getUpdatedReplicas());
    int total = nz(s.getReplicas());
    int available = nz(s.getAvailableReplicas());
    String detail =
        updated + " updated, " + available + " available, " + total + " total of " + desired;
    return updated >= desired && available >= desired && total <= desired
        ? CheckOutcome.holds(check, detail)
        : CheckOutcome.fails(check, detail);
  }

  static CheckOutcome podsReady(String check, ActionContext ctx, Args a) {
    List<Pod> pods = Checks.pods(ctx, a);
    if (pods.isEmpty()) {
      return CheckOutcome.fails(check, "no pods found");
    }
    List<String> notReady =
        pods.stream().filter(p -> !ready(p)).map(p -> p.getMetadata().getName()).toList();
    return notReady.isEmpty()
        ? CheckOutcome.holds(check, pods.size() + " pods Ready")
        : CheckOutcome.fails(check, "not Ready: " + notReady);
  }

  static boolean ready(Pod p) {
    return p.getStatus() != null
        && p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static CheckOutcome noPending(String check, List<Pod> pods) {
    List<String> pending =
        pods.stream()
            .filter(p -> p.getStatus() != null && "Pending".equals(p.getStatus().getPhase()))
            .map(p -> p.getMetadata().getName())
            .toList();
    return pending.isEmpty()
        ? CheckOutcome.holds(check, "no pod Pending")
        : CheckOutcome.fails(check, "Pending: " + pending);
  }

  static CheckOutcome noTermination(
      String check,
      ActionContext ctx,
      List<Pod> pods,
      String reason,
      String container,
      Duration window) {
    Instant now = ctx.clock().instant();
    List<String> hits = new ArrayList<>();
    for (Pod p : pods) {
      List<ContainerStatus> statuses =
          p.getStatus() == null || p.getStatus().getContainerStatuses() == null
              ? List.of()
              : p.getStatus().getContainerStatuses();
      for (ContainerStatus s : statuses) {
        if (container != null && !container.equals(s.getName())) {
          continue;
        }
        if (Checks.within(Checks.terminatedAt(s, reason), now, window)) {
          hits.add(p.getMetadata().getName() + "/" + s.getName());
        }
      }
    }
    String what = reason == null ? "restarted" : "was " + reason;
    return hits.isEmpty()
        ? CheckOutcome.holds(check, "no container " + what + " within " + window)
        : CheckOutcome.fails(check, hits + " " + what + " within " + window);
  }

  static CheckOutcome memoryBelow(String check, HasMetadata w, Args a) {
    String name = a.string("container");
    Container c = Kube.container(w, name).orElse(null);
    if (c == null) {
      return CheckOutcome.fails(check, "container " + name + " not found");
    }
    Quantity limit = Checks.memoryLimit(c);
    if (limit == null) {
      return CheckOutcome.fails(check, "container " + name + " has no memory limit");
    }
    BigDecimal bound = a.bytes("limit");
    return Quantity.getAmountInBytes(limit).compareTo(bound) < 0
        ? CheckOutcome.holds(check, "limit " + limit + " is below " + a.string("limit"))
        : CheckOutcome.fails(check, "limit " + limit + " is not below " + a.string("limit"));
  }

  static CheckOutcome notAutoscaled(String check, ActionContext ctx, Args a) {
    String name = a.string("name");
    var hpas =
        ctx.client()
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace(a.string("namespace"))
            .list()
            .getItems();
    Optional<String> owner =
        hpas.stream()
            .filter(
                h ->
                    h.getSpec() != null
                        && h.getSpec().getScaleTargetRef() != null
                        && name.equals(h.getSpec().getScaleTargetRef().getName()))
            .map(h -> h.getMetadata().getName())
            .findFirst();
    return owner
        .map(
            h ->
                CheckOutcome.fails(
                    check, "HorizontalPodAutoscaler " + h + " owns the replica count"))
        .orElseGet(() -> CheckOutcome.holds(check, "no HorizontalPodAutoscaler targets " + name));
  }

  static CheckOutcome replicasBelow(String check, Deployment d, long max) {
    int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    return desired < max
        ? CheckOutcome.holds(check, desired + " < " + max)
        : CheckOutcome.fails(check, desired + " >= " + max);
  }

  static CheckOutcome imageSeen(String check, ActionContext ctx, String image) {
    // there is no registry client here: an image some node has already pulled is the evidence
    Optional<String> seen =
        ctx.client().pods().inAnyNamespace().list().getItems().stream()
            .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null)
            .flatMap(
                p ->
                    p.getStatus().getContainerStatuses().stream()
                        .filter(
                            s ->
                                image.equals(s.getImage())
                                    && s.getImageID() != null
                                    && !s.getImageID().isBlank())
                        .map(s -> Kube.ref(p)))
            .findFirst();
    return seen.map(p -> CheckOutcome.holds(check, image + " was pulled for " + p))
        .orElseGet(
            () ->
                CheckOutcome.fails(
                    check,
                    "cannot confirm the registry serves "
                        + image
                        + ": no pod in the cluster has pulled it"));
  }

  static CheckOutcome pdbAllows(String check, ActionContext ctx, HasMetadata w) {
    List<Pod> pods = Kube.pods(ctx, w);
    for (Pod p : pods) {
      Optional<String> blocker = PodActions.blockingBudget(ctx, p);
      if (blocker.isPresent()) {
        return CheckOutcome.fails(check, blocker.get() + " allows no disruption");
      }
    }
    return CheckOutcome.holds(check, "no PodDisruptionBudget blocks a disruption");
  }

  static CheckOutcome quotaHeadroom(String check, ActionContext ctx, Args a) {
    ResourceQuota q =
        Kube.require(
            ctx.client()
                .resourceQuotas()
                .inNamespace(a.string("namespace"))
                .withName(a.string("quota"))
                .get(),
            "ResourceQuota " + a.string("quota"));
    String r = a.string("resource");
    Quantity hard = q.getSpec().getHard() == null ? null : q.getSpec().getHard().get(r);
    Quantity used =
        q.getStatus() == null || q.getStatus().getUsed() == null
            ? null
            : q.getStatus().getUsed().get(r);
    if (hard == null) {
      return CheckOutcome.fails(check, "no hard limit for " + r);
    }
    BigDecimal u = used == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(used);
    return u.compareTo(Quantity.getAmountInBytes(hard)) < 0
        ? CheckOutcome.holds(check, "used " + used + " of " + hard)
        : CheckOutcome.fails(check, "used " + used + " of " + hard);
  }

  private static int nz(Integer v) {
    return v == null ? 0 : v;
  }
}

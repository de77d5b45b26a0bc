package io.autoagent.tools.remediation.action;

import io.autoagent.tools.remediation.FieldChange;
import io.autoagent.tools.runbook.ActionSpec;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Optional;

/**
 * Removing one pod, always through the Eviction API so that PodDisruptionBudgets are respected:
 * {@code evict_pod} and {@code delete_pod} (which evicts too: a plain delete would bypass the
 * budgets). A 429 from the eviction means a budget refuses: the step fails and nothing is deleted.
 * Pods without a controller are refused: nothing would recreate them.
 */
final class PodActions {

  private PodActions() {}

  static final class EvictPod implements RegisteredAction {
    private final ActionSpec spec;

    EvictPod(String name, String description) {
      this.spec =
          ActionSpec.action(name, description, true, Specs.NAMESPACE, Specs.POD, Specs.GRACE);
    }

    /** {@code evict_pod}. */
    static EvictPod evictPod() {
      return new EvictPod(
          "evict_pod", "Evict one pod through the Eviction API (respects PodDisruptionBudgets)");
    }

    /** {@code delete_pod}: evicts too, since a plain delete would bypass the budgets. */
    static EvictPod deletePod() {
      return new EvictPod("delete_pod", "Delete one pod; its controller recreates it");
    }

    @Override
    public ActionSpec spec() {
      return spec;
    }

    @Override
    public ActionResult run(ActionContext ctx, Args a) {
      String ns = a.string("namespace");
      String podName = a.string("pod");
      Pod pod =
          Kube.require(
              ctx.client().pods().inNamespace(ns).withName(podName).get(),
              Kube.ref("Pod", ns, podName));
      if (Kube.controller(pod).isEmpty()) {
        return ActionResult.failed(
            "refused: " + Kube.ref(pod) + " has no controller, nothing would recreate it");
      }
      Long grace = a.integer("grace_period_seconds", null);
      return evict(ctx, pod, grace);
    }
  }

  /** Evicts a pod, or in a dry run says whether its budgets would allow it. */
  static ActionResult evict(ActionContext ctx, Pod pod, Long grace) {
    String ref = Kube.ref(pod);
    List<FieldChange> change =
        List.of(new FieldChange(ref, "metadata (pod)", "running", "evicted"));
    if (ctx.dryRun()) {
      Optional<String> blocker = blockingBudget(ctx, pod);
      return blocker
          .map(
              b ->
                  ActionResult.failed("PodDisruptionBudget " + b + " would refuse evicting " + ref))
          .orElseGet(() -> ActionResult.succeeded("would evict " + ref, change, null));
    }
    Eviction eviction =
        new EvictionBuilder()
            .withNewMetadata()
            .withName(pod.getMetadata().getName())
            .withNamespace(pod.getMetadata().getNamespace())
            .endMetadata()
            .withDeleteOptions(
                grace == null
                    ? null
                    : new DeleteOptionsBuilder().withGracePeriodSeconds(grace).build())
            .build();
    boolean evicted =
        ctx.client()
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName())
            .evict(eviction);
    if (!evicted) {
      return ActionResult.failed(
          "a PodDisruptionBudget refuses evicting " + ref + " (429); it was not deleted");
    }
    return ActionResult.succeeded("evicted " + ref, change, null);
  }

  /** The name of a budget of the pod's namespace that selects it and allows no disruption. */
  static Optional<String> blockingBudget(ActionContext ctx, Pod pod) {
    for (PodDisruptionBudget pdb :
        ctx.client()
            .policy()
            .v1()
            .podDisruptionBudget()
            .inNamespace(pod.getMetadata().getNamespace())
            .list()
            .getItems()) {
      var sel = pdb.getSpec() == null ? null : pdb.getSpec().getSelector();
      if (sel == null
          || sel.getMatchLabels() == null
          || !Kube.labelsMatch(pod.getMetadata().getLabels(), sel.getMatchLabels())) {
        continue;
      }
      Integer allowed = pdb.getStatus() == null ? null : pdb.getStatus().getDisruptionsAllowed();
      if (allowed == null || allowed < 1) {
        return Optional.of(Kube.ref(pdb));
      }
    }
    return Optional.empty();
  }
}

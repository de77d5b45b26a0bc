package io.autoagent.tools.remediation.action;

import static io.autoagent.tools.runbook.ArgSpec.optional;
import static io.autoagent.tools.runbook.ArgSpec.required;
import static io.autoagent.tools.runbook.ArgType.BOOLEAN;
import static io.autoagent.tools.runbook.ArgType.DURATION;

import io.autoagent.tools.remediation.FieldChange;
import io.autoagent.tools.remediation.Undo;
import io.autoagent.tools.runbook.ActionSpec;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code cordon_node}, {@code uncordon_node} and {@code drain_node}. */
final class NodeActions {

  static final String MIRROR = "kubernetes.io/config.mirror";
  private static final Set<String> SYSTEM_PRIORITY =
      Set.of("system-node-critical", "system-cluster-critical");

  /** Priorities at or above this are the system classes'. */
  private static final int SYSTEM_PRIORITY_VALUE = 2_000_000_000;

  private NodeActions() {}

  /** Sets {@code spec.unschedulable}; the undo sets it back. */
  static final class Cordon implements RegisteredAction {
    private final boolean unschedulable;
    private final ActionSpec spec;

    Cordon(boolean unschedulable) {
      this.unschedulable = unschedulable;
      this.spec =
          unschedulable
              ? ActionSpec.action("cordon_node", "Mark a node unschedulable", true, Specs.NODE)
              : ActionSpec.action(
                  "uncordon_node", "Mark a node schedulable again", true, Specs.NODE);
    }

    @Override
    public ActionSpec spec() {
      return spec;
    }

    @Override
    public ActionResult run(ActionContext ctx, Args a) {
      return set(ctx, a.string("node"), unschedulable);
    }
  }

  static ActionResult set(ActionContext ctx, String nodeName, boolean unschedulable) {
    var res = ctx.client().nodes().withName(nodeName);
    Node node = Kube.require(res.get(), "Node " + nodeName);
    boolean was = Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    if (was == unschedulable) {
      return ActionResult.unchanged(
          "Node " + nodeName + " is already " + (was ? "cordoned" : "schedulable"));
    }
    Kube.apply(
        ctx,
        res,
        "Node " + nodeName,
        n -> {
          n.getSpec().setUnschedulable(unschedulable ? Boolean.TRUE : null);
          return n;
        });
    return ActionResult.succeeded(
        (unschedulable ? "cordoned" : "uncordoned") + " Node " + nodeName,
        List.of(new FieldChange("Node " + nodeName, "spec.unschedulable", was, unschedulable)),
        new Undo(was ? "cordon_node" : "uncordon_node", Map.of("node", nodeName)));
  }

  /**
   * Cordons the node, then evicts its pods one at a time through the Eviction API. Skipped, as
   * {@code kubectl drain} does or more carefully: DaemonSet pods, mirror pods, pods in protected
   * namespaces (kube-system and the others), pods of a system priority class, finished pods, pods
   * without a controller, and pods with emptyDir data unless {@code delete_emptydir_data}. A 429 (a
   * PodDisruptionBudget refuses) stops the drain at once, as does {@code timeout}. The undo
   * uncordons the node if this step cordoned it.
   */
  static final class Drain implements RegisteredAction {
    private static final ActionSpec SPEC =
        ActionSpec.action(
            "drain_node",
            "Cordon a node and evict its pods through the Eviction API",
            true,
            Specs.NODE,
            required("timeout", DURATION, "give up after this long"),
            Specs.GRACE,
            optional("ignore_daemonsets", BOOLEAN, "leave DaemonSet pods, true by default"),
            optional(
                "delete_emptydir_data", BOOLEAN, "evict pods with emptyDir, false by default"));

    @Override
    public ActionSpec spec() {
      return SPEC;
    }

    @Override
    public ActionResult run(ActionContext ctx, Args a) {
      String nodeName = a.string("node");
      Instant deadline = ctx.clock().instant().plus(a.duration("timeout"));
      Long grace = a.integer("grace_period_seconds", null);
      boolean ignoreDaemonSets = a.bool("ignore_daemonsets", true);
      boolean deleteEmptyDir = a.bool("delete_emptydir_data", false);
      ActionResult cordon = set(ctx, nodeName, true);
      List<FieldChange> changes = new ArrayList<>(cordon.changes());
      Undo undo =
          cordon.changes().isEmpty() ? null : new Undo("uncordon_node", Map.of("node", nodeName));
      List<String> skipped = new ArrayList<>();
      List<Pod> evictable = new ArrayList<>();
      for (Pod pod : ctx.client().pods().inAnyNamespace().list().getItems()) {
        if (!nodeName.equals(pod.getSpec() == null ? null : pod.getSpec().getNodeName())) {
          continue; // filtered here: the mock API ignores spec.nodeName field selectors
        }
        Optional<String> why = skipReason(ctx, pod, deleteEmptyDir);
        if (why.isPresent()) {
          skipped.add(Kube.ref(pod) + " (" + why.get() + ")");
        } else if (isDaemonSetPod(pod)) {
          if (!ignoreDaemonSets) {
            return ActionResult.failed(
                "DaemonSet pod " + Kube.ref(pod) + " is on the node and ignore_daemonsets is false",
                changes,
                undo);
          }
          skipped.add(Kube.ref(pod) + " (DaemonSet)");
        } else {
          evictable.add(pod);
        }
      }
      List<String> evicted = new ArrayList<>();
      for (Pod pod : evictable) {
        if (ctx.clock().instant().isAfter(deadline)) {
          return ActionResult.failed(
              "drain timed out after evicting "
                  + evicted
                  + "; "
                  + Kube.ref(pod)
                  + " and later pods are still on the node, which stays cordoned",
              changes,
              undo);
        }
        ActionResult r = PodActions.evict(ctx, pod, grace);
        if (!r.ok()) {
          return ActionResult.failed(
              r.error() + "; drain stopped after evicting " + evicted + "; the node stays cordoned",
              changes,
              undo);
        }
        changes.addAll(r.changes());
        evicted.add(Kube.ref(pod));
      }
      String verb = ctx.dryRun() ? "would evict " : "evicted ";
      return ActionResult.succeeded(
          cordon.output() + "; " + verb + evicted + "; skipped " + skipped, changes, undo);
    }
  }

  static boolean isDaemonSetPod(Pod pod) {
    return Kube.controller(pod).filter(o -> "DaemonSet".equals(o.getKind())).isPresent();
  }

  private static Optional<String> skipReason(ActionContext ctx, Pod pod, boolean deleteEmptyDir) {
    Map<String, String> ann = pod.getMetadata().getAnnotations();
    if (ann != null && ann.containsKey(MIRROR)) {
      return Optional.of("mirror pod");
    }
    if (ctx.protectedNamespaces().contains(pod.getMetadata().getNamespace())) {
      return Optional.of("protected namespace");
    }
    String pc = pod.getSpec().getPriorityClassName();
    Integer priority = pod.getSpec().getPriority();
    if ((pc != null && SYSTEM_PRIORITY.contains(pc))
        || (priority != null && priority >= SYSTEM_PRIORITY_VALUE)) {
      return Optional.of("system priority class");
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return Optional.of("finished");
    }
    if (Kube.controller(pod).isEmpty()) {
      return Optional.of("no controller would recreate it");
    }
    boolean emptyDir =
        pod.getSpec().getVolumes() != null
            && pod.getSpec().getVolumes().stream().anyMatch(v -> v.getEmptyDir() != null);
    if (emptyDir && !deleteEmptyDir && !isDaemonSetPod(pod)) {
      return Optional.of("emptyDir data and delete_emptydir_data is false");
    }
    return Optional.empty();
  }
}

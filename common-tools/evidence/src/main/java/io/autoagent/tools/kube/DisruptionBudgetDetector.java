package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * ROLLOUT_STUCK because a PodDisruptionBudget blocks eviction, so a node drain (an upgrade or a
 * scale-down rolling through the nodes) cannot finish: the budget selecting the workload's pods
 * allows 0 disruptions while a pod runs on a cordoned node, or evictions are reported refused.
 *
 * <ul>
 *   <li>all the budget's pods healthy and still 0 allowed: the budget itself forbids every eviction
 *       ({@code minAvailable} equal to the replicas, or {@code maxUnavailable: 0}); {@code
 *       disruption_blocked: budget_too_strict};
 *   <li>fewer healthy pods than the budget wants: unhealthy pods exhaust it; {@code
 *       disruption_blocked: pods_unhealthy}, and the pods' own failure is the cause to fix.
 * </ul>
 *
 * A budget at 0 with no drain in progress is steady state, not a fault. Neither a rollback nor a
 * restart helps; {@code restart_unsafe} says so.
 */
final class DisruptionBudgetDetector implements FailureDetector {

  static final String ATTR_DISRUPTION_BLOCKED = "disruption_blocked";
  private static final Pattern EVICTION_REFUSED =
      Pattern.compile(
          "disruption budget|Cannot evict pod|evict.*(refused|fail|blocked)",
          Pattern.CASE_INSENSITIVE);

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    List<PodDisruptionBudget> budgets = snapshot.placement().disruptionBudgets();
    if (budgets == null) {
      return List.of();
    }
    Instant since = Detectors.since(snapshot);
    List<Event> refusals =
        snapshot.events().stream()
            .filter(e -> Kube.eventTime(e) == null || !Kube.eventTime(e).isBefore(since))
            .filter(e -> e.getMessage() != null && EVICTION_REFUSED.matcher(e.getMessage()).find())
            .toList();
    List<Pod> onCordoned = snapshot.pods().stream().filter(p -> cordoned(snapshot, p)).toList();
    if (onCordoned.isEmpty() && refusals.isEmpty()) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    for (PodDisruptionBudget pdb : budgets) {
      var status = pdb.getStatus();
      if (status == null
          || status.getDisruptionsAllowed() == null
          || status.getDisruptionsAllowed() > 0) {
        continue;
      }
      boolean unhealthy =
          status.getCurrentHealthy() != null
              && status.getDesiredHealthy() != null
              && status.getCurrentHealthy() < status.getDesiredHealthy();
      String name = pdb.getMetadata().getName();
      List<String> evidence = new ArrayList<>();
      var spec = pdb.getSpec();
      evidence.add(
          "PodDisruptionBudget "
              + name
              + ": minAvailable="
              + Kube.orDash(
                  spec.getMinAvailable() == null ? null : spec.getMinAvailable().getValue())
              + ", maxUnavailable="
              + Kube.orDash(
                  spec.getMaxUnavailable() == null ? null : spec.getMaxUnavailable().getValue())
              + "; status: disruptionsAllowed=0, currentHealthy="
              + status.getCurrentHealthy()
              + ", desiredHealthy="
              + status.getDesiredHealthy()
              + ", expectedPods="
              + status.getExpectedPods());
      onCordoned.forEach(
          p ->
              evidence.add(
                  "pod "
                      + p.getMetadata().getName()
                      + " runs on cordoned node "
                      + p.getSpec().getNodeName()
                      + " (spec.unschedulable=true), waiting to be evicted"));
      refusals.stream().map(Kube::eventLine).forEach(evidence::add);
      String message =
          unhealthy
              ? "PodDisruptionBudget "
                  + name
                  + " blocks eviction of "
                  + snapshot.kind()
                  + " "
                  + snapshot.name()
                  + "'s pods because only "
                  + status.getCurrentHealthy()
                  + " of the "
                  + status.getDesiredHealthy()
                  + " healthy pods it requires are healthy, so the node drain cannot finish; make the pods healthy first."
              : "PodDisruptionBudget "
                  + name
                  + " allows no disruption even with all "
                  + status.getCurrentHealthy()
                  + " pods of "
                  + snapshot.kind()
                  + " "
                  + snapshot.name()
                  + " healthy, so the drain of "
                  + (onCordoned.isEmpty()
                      ? "the node"
                      : "node " + onCordoned.getFirst().getSpec().getNodeName())
                  + " never finishes; relax minAvailable/maxUnavailable or add a replica, then let the drain continue.";
      findings.add(
          new Finding(
              Category.ROLLOUT_STUCK,
              unhealthy ? Severity.MEDIUM : Severity.HIGH,
              Kube.ref("PodDisruptionBudget", snapshot.namespace(), name),
              message,
              evidence,
              Kube.attrs(
                  ATTR_DISRUPTION_BLOCKED,
                  unhealthy ? "pods_unhealthy" : "budget_too_strict",
                  CrashLoopDetector.ATTR_RESTART_UNSAFE,
                  "true",
                  "pdb",
                  name,
                  Finding.ATTR_NODE,
                  onCordoned.isEmpty() ? null : onCordoned.getFirst().getSpec().getNodeName())));
    }
    return findings;
  }

  private static boolean cordoned(WorkloadSnapshot snapshot, Pod pod) {
    if (pod.getSpec() == null || pod.getSpec().getNodeName() == null) {
      return false;
    }
    Node node = snapshot.nodes().get(pod.getSpec().getNodeName());
    return node != null
        && node.getSpec() != null
        && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
  }
}

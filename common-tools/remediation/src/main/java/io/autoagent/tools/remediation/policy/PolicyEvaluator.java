package io.autoagent.tools.remediation.policy;

import io.autoagent.tools.runbook.Runbook;
import io.autoagent.tools.runbook.Runbook.Risk;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what policy allows: without a matching AutoRemediationPolicy only dry runs; with one,
 * live runs when its mode is {@code live} (never in {@code gitops} mode, whose changes become pull
 * requests held to {@link #refusal}), the runbook is allowed and its action switches permit the
 * runbook's actions. High-risk runbooks, runbooks that require approval, and runbooks above the
 * policy's {@code requireApprovalAbove} wait for approval. Stateless.
 */
public final class PolicyEvaluator {

  private static final Set<String> RESTART_ACTIONS =
      Set.of("rollout_restart", "delete_pod", "evict_pod");

  private final PolicySource policies;

  public PolicyEvaluator(PolicySource policies) {
    this.policies = policies;
  }

  /**
   * @param workloadLabels labels of the target workload; empty when it has none or is unknown
   */
  public PolicyDecision evaluate(
      String namespace, Map<String, String> workloadLabels, Runbook runbook) {
    Optional<RemediationPolicy> match = policies.matching(namespace, workloadLabels);
    boolean approval = needsApproval(runbook, match.orElse(null));
    if (match.isEmpty()) {
      return new PolicyDecision(
          null,
          false,
          approval,
          PolicyLimits.NONE,
          "no AutoRemediationPolicy in namespace "
              + namespace
              + " matches the target's labels "
              + workloadLabels
              + "; only dry runs are allowed");
    }
    RemediationPolicy p = match.get();
    PolicyLimits limits = PolicyLimits.of(p);
    String denied = denial(p, runbook);
    if (denied != null) {
      return new PolicyDecision(p, false, approval, limits, "policy " + p.ref() + " " + denied);
    }
    return new PolicyDecision(
        p,
        true,
        approval,
        limits,
        "policy "
            + p.ref()
            + " allows "
            + runbook.id()
            + (approval ? " after approval (risk " + runbook.risk().wire() + ")" : ""));
  }

  private static String denial(RemediationPolicy p, Runbook runbook) {
    if (p.mode() != RemediationPolicy.Mode.LIVE) {
      return "is in mode "
          + p.mode().wire()
          + (p.mode() == RemediationPolicy.Mode.GITOPS
              ? " (its workloads change through pull requests)"
              : "");
    }
    return refusal(p, runbook);
  }

  /**
   * What a policy forbids about a runbook whatever its mode: a runbook missing from {@code
   * allowedRunbooks}, or a step an action switch turns off. A pull request proposed in {@code
   * gitops} mode is held to the same rules as a live run. Null when the policy allows it.
   */
  public static String refusal(RemediationPolicy p, Runbook runbook) {
    if (!p.allowedRunbooks().isEmpty() && !p.allowedRunbooks().contains(runbook.id())) {
      return "does not list " + runbook.id() + " in allowedRunbooks " + p.allowedRunbooks();
    }
    for (Runbook.Step step : runbook.steps()) {
      if (RESTART_ACTIONS.contains(step.action()) && Boolean.FALSE.equals(p.restartStuckPods())) {
        return "sets actions.restartStuckPods: false, and step " + step.name() + " restarts pods";
      }
      if (step.action().equals("raise_memory_limit")
          && Integer.valueOf(0).equals(p.bumpMemoryPercent())) {
        return "sets actions.bumpMemoryPercent: 0, and step "
            + step.name()
            + " raises a memory limit";
      }
      if (step.action().equals("scale_deployment") && Boolean.FALSE.equals(p.scale().enabled())) {
        return "sets actions.scale.enabled: false, and step " + step.name() + " scales";
      }
    }
    return null;
  }

  private static boolean needsApproval(Runbook runbook, RemediationPolicy policy) {
    if (runbook.requiresApproval() || runbook.risk() == Risk.HIGH) {
      return true;
    }
    Risk threshold = policy == null ? null : policy.requireApprovalAbove();
    return threshold != null && runbook.risk().compareTo(threshold) > 0;
  }
}

package io.autoagent.tools.remediation.policy;

import java.util.Objects;

/**
 * What policy allows for one request: made by {@link PolicyEvaluator}.
 *
 * @param policy the policy that matched; null when none
 * @param liveAllowed whether a live run may happen (after approval when {@code needsApproval})
 * @param reason why, for the audit trail
 */
public record PolicyDecision(
    RemediationPolicy policy,
    boolean liveAllowed,
    boolean needsApproval,
    PolicyLimits limits,
    String reason) {
  public PolicyDecision {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(reason, "reason");
  }

  public String policyRef() {
    return policy == null ? null : policy.ref();
  }
}

package io.autoagent.tools.remediation;

import java.util.Objects;

/**
 * Why the engine did what it did with a request, for the audit trail.
 *
 * @param outcome {@code live}, {@code dry_run}, {@code awaiting_approval}, {@code gitops_pr} (a
 *     pull request instead of the live run), {@code denied} or {@code duplicate}
 * @param policy {@code namespace/name} of the AutoRemediationPolicy that applied; null when none
 * @param trust how the request was authenticated
 * @param approvedBy who approved it; null when not approved
 */
public record Decision(
    String outcome,
    String reason,
    String policy,
    String requestedBy,
    Trust trust,
    String approvedBy) {
  public Decision {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
  }
}

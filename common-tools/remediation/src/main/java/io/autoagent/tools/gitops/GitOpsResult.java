package io.autoagent.tools.gitops;

import java.util.Objects;

/**
 * What a GitOps remediation did: reported as {@code remediation.mode: gitops_pr} with the pull
 * request's URL.
 *
 * @param prUrl the pull (or merge) request's web URL; null only when the proposal was {@link
 *     Outcome#SUPERSEDED} and the newer proposal's pull request is no longer open (merged or
 *     closed)
 * @param branch the agent's branch for this incident
 * @param commit the commit pushed now, or the branch's head when the manifest already held the
 *     values
 * @param outcome whether the pull request was opened now or an open one was updated
 * @param diff the pull request's whole diff against the base branch (unified)
 */
public record GitOpsResult(
    String prUrl, String branch, String commit, Outcome outcome, String diff) {

  /** The value of {@code remediation.mode} for a change proposed as a pull request. */
  public static final String MODE = "gitops_pr";

  /** Whether the pull request is new. */
  public enum Outcome {
    CREATED,
    UPDATED,
    /**
     * A newer proposal for the same incident already landed on its branch; this one changed
     * nothing.
     */
    SUPERSEDED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public GitOpsResult {
    if (outcome != Outcome.SUPERSEDED) {
      Objects.requireNonNull(prUrl, "prUrl");
    }
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(outcome, "outcome");
  }

  public String mode() {
    return MODE;
  }
}

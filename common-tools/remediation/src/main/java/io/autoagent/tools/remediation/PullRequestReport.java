package io.autoagent.tools.remediation;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a GitOps execution did instead of changing the cluster: the pull request it opened or
 * updated, or queued because the forge or the git remote did not answer. Published as the extra
 * {@code pull_request} object of a {@code runbook_execution_result} and kept in the execution
 * record.
 *
 * @param url the pull (merge) request's web URL; null while queued
 * @param branch the incident's branch; null while queued
 * @param commit the commit the branch holds; null while queued
 * @param changes the manifest edits proposed, described ({@code set replicas to 3})
 * @param detail one line for people: what happened, and for a queued one why
 */
public record PullRequestReport(
    Outcome outcome,
    String url,
    String branch,
    String commit,
    List<String> changes,
    String detail) {

  /**
   * Whether the pull request was opened now, an open one updated, or the proposal queued for retry.
   */
  public enum Outcome {
    CREATED,
    UPDATED,
    QUEUED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public PullRequestReport {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
    changes = changes == null ? List.of() : List.copyOf(changes);
    if (outcome == Outcome.CREATED) {
      // an update may have no open pull request to point at: a superseded proposal whose newer
      // pull request was merged or closed
      Objects.requireNonNull(url, "url");
    }
  }
}

package io.autoagent.tools.remediation;

import java.util.Locale;
import java.util.Objects;

/**
 * What the alert path's remediation did, for the analysis's {@code remediation} block ({@code
 * mode}, {@code execution_id}, {@code detail}).
 *
 * @param link where a person follows it up: the pull request's URL of a GitOps execution; null
 *     otherwise
 */
public record RemediationOutcome(
    Mode mode, String executionId, ExecutionStatus status, String detail, String link) {

  /** {@code remediation.mode} of the analysis schema. */
  public enum Mode {
    EXECUTED,
    DRY_RUN,
    AWAITING_APPROVAL,
    DENIED,
    /** Proposed as a pull request (opened, updated, or queued until the forge answers). */
    GITOPS_PR,
    /** Nothing was run; the detail says why. */
    NONE;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public RemediationOutcome {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(detail, "detail");
  }

  public RemediationOutcome(Mode mode, String executionId, ExecutionStatus status, String detail) {
    this(mode, executionId, status, detail, null);
  }
}

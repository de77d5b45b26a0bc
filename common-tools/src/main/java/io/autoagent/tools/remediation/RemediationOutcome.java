package io.autoagent.tools.remediation;

import java.util.Locale;
import java.util.Objects;

/**
 * What the alert path's remediation did, for the analysis's {@code remediation} block
 * ({@code mode}, {@code execution_id}, {@code detail}).
 */
public record RemediationOutcome(Mode mode, String executionId, ExecutionStatus status, String detail) {

  /** {@code remediation.mode} of the analysis schema. */
  public enum Mode {
    EXECUTED,
    DRY_RUN,
    AWAITING_APPROVAL,
    DENIED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public RemediationOutcome {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(detail, "detail");
  }
}

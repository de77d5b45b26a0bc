package io.autoagent.tools.remediation;

import java.util.Locale;

/** {@code status} of a runbook execution result; the wire value is lower case. */
public enum ExecutionStatus {
  SUCCEEDED,
  FAILED,
  ROLLED_BACK,
  REJECTED,
  DRY_RUN,
  AWAITING_APPROVAL,
  DUPLICATE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package io.autoagent.tools.remediation;

import java.util.Locale;

/** {@code steps[].status} of a runbook execution result; the wire value is lower case. */
public enum StepStatus {
  PLANNED,
  SUCCEEDED,
  FAILED,
  SKIPPED,
  ROLLED_BACK;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}

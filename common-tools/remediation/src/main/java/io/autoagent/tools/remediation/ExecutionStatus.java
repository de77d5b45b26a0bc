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
  DUPLICATE,
  /** 1.1: progress of a live run, one message per step start and end, with a {@code sequence}. */
  RUNNING,
  /** 1.1: the change went out as a pull or merge request instead of a live run (GitOps). */
  PROPOSED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}

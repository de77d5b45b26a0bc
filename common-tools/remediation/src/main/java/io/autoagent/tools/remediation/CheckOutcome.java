package io.autoagent.tools.remediation;

import java.util.Objects;

/** Whether a named check (precondition, wait or verification) holds, and what it saw. */
public record CheckOutcome(String check, boolean holds, String detail) {
  public CheckOutcome {
    Objects.requireNonNull(check, "check");
    detail = detail == null ? "" : detail;
  }

  public static CheckOutcome holds(String check, String detail) {
    return new CheckOutcome(check, true, detail);
  }

  public static CheckOutcome fails(String check, String detail) {
    return new CheckOutcome(check, false, detail);
  }
}

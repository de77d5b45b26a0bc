package io.autoagent.infra;

import com.fasterxml.jackson.annotation.JsonValue;

/** The analysis's {@code status} on the wire. */
public enum AnalysisStatus {
  /** Every source answered and the analysis has a verdict. */
  COMPLETED,
  /** Some evidence source was unavailable or failed; the verdict uses the rest. */
  PARTIAL,
  /** The workload was not found, or the agent gave up on the alert. */
  FAILED,
  /** The request could not be analysed (invalid, too large, unsupported). */
  REJECTED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

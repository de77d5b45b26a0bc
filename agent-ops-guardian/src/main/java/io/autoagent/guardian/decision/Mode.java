package io.autoagent.guardian.decision;

/** How boldly a workload is scaled. */
public enum Mode {
  /** One replica at a time; scale down only outside business hours; no forecasts. */
  CONSERVATIVE,
  /** Batch steps sized for the target utilisation; scale down any time; scale on forecasts. */
  AGGRESSIVE;

  public boolean scalesDownInBusinessHours() {
    return this == AGGRESSIVE;
  }

  public boolean usesForecasts() {
    return this == AGGRESSIVE;
  }
}

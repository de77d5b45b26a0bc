package io.autoagent.guardian.sim;

import java.util.Objects;

/**
 * One policy replayed over one trace.
 *
 * @param policy policy name
 * @param sloViolationMinutes minutes whose (15 s) ticks had latency above the SLO
 * @param replicaHours every pod that existed, starting or serving
 * @param scaleChanges how often the replica count changed
 * @param p99LatencyMs 99th percentile of the tick latencies
 * @param timeline per-minute replicas and violation seconds, for charts
 */
public record SimResult(
    String policy,
    double sloViolationMinutes,
    double replicaHours,
    int scaleChanges,
    double p99LatencyMs,
    Timeline timeline) {

  public SimResult {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(timeline, "timeline");
  }

  /**
   * Per-minute detail.
   *
   * @param replicas replicas existing at the end of each minute
   * @param violationSeconds seconds of each minute above the SLO
   */
  public record Timeline(int[] replicas, int[] violationSeconds) {}
}

package io.autoagent.guardian.decision;

/**
 * Rule thresholds, with the seed's defaults. Percentages are 0 to 100 (CPU and memory against
 * requests may exceed 100). A missing application signal is neither high nor low.
 *
 * @param upCpuPercent scale up above this CPU utilisation (75)
 * @param upMemoryPercent scale up above this memory utilisation (80)
 * @param upLatencyMs scale up above this latency (500)
 * @param upErrorPercent scale up above this error rate (1)
 * @param downCpuPercent scale down only below this CPU utilisation (30)
 * @param downMemoryPercent ... and below this memory utilisation (40)
 * @param downLatencyMs ... and below this latency (200)
 * @param downErrorPercent ... and below this error rate (0.1)
 * @param requireCpuAndAnother multi-signal gating: scale up only when CPU is high and at least one
 *     other signal agrees (false)
 * @param targetCpuPercent utilisation that batch steps and forecasts size for (60)
 */
public record Thresholds(
    double upCpuPercent,
    double upMemoryPercent,
    double upLatencyMs,
    double upErrorPercent,
    double downCpuPercent,
    double downMemoryPercent,
    double downLatencyMs,
    double downErrorPercent,
    boolean requireCpuAndAnother,
    double targetCpuPercent) {

  public static final Thresholds DEFAULTS =
      new Thresholds(75, 80, 500, 1.0, 30, 40, 200, 0.1, false, 60);

  public Thresholds {
    if (downCpuPercent >= upCpuPercent || downMemoryPercent >= upMemoryPercent) {
      throw new IllegalArgumentException("scale-down thresholds must be below scale-up ones");
    }
    if (downLatencyMs >= upLatencyMs || downErrorPercent >= upErrorPercent) {
      throw new IllegalArgumentException("scale-down thresholds must be below scale-up ones");
    }
    if (targetCpuPercent <= 0) {
      throw new IllegalArgumentException("targetCpuPercent must be positive");
    }
  }

  public Thresholds withDownCpuPercent(double value) {
    return new Thresholds(
        upCpuPercent,
        upMemoryPercent,
        upLatencyMs,
        upErrorPercent,
        value,
        downMemoryPercent,
        downLatencyMs,
        downErrorPercent,
        requireCpuAndAnother,
        targetCpuPercent);
  }

  public Thresholds withTargetCpuPercent(double value) {
    return new Thresholds(
        upCpuPercent,
        upMemoryPercent,
        upLatencyMs,
        upErrorPercent,
        downCpuPercent,
        downMemoryPercent,
        downLatencyMs,
        downErrorPercent,
        requireCpuAndAnother,
        value);
  }

  /**
   * A workload's latency objective: scale up above {@code sloMs}; scale down only below the current
   * down threshold or 40 % of the objective, whichever is lower.
   */
  public Thresholds withLatencyObjective(double sloMs) {
    return new Thresholds(
        upCpuPercent,
        upMemoryPercent,
        sloMs,
        upErrorPercent,
        downCpuPercent,
        downMemoryPercent,
        Math.min(downLatencyMs, 0.4 * sloMs),
        downErrorPercent,
        requireCpuAndAnother,
        targetCpuPercent);
  }

  public Thresholds withCpuGating(boolean gating) {
    return new Thresholds(
        upCpuPercent,
        upMemoryPercent,
        upLatencyMs,
        upErrorPercent,
        downCpuPercent,
        downMemoryPercent,
        downLatencyMs,
        downErrorPercent,
        gating,
        targetCpuPercent);
  }
}

package io.autoagent.guardian.decision;

import java.time.Duration;
import java.util.Objects;

/**
 * Prediction settings.
 *
 * @param horizon how far ahead capacity must cover, FORECAST_MINUTES (15 min)
 * @param bucket load series bucket length (5 min)
 * @param maxMape demote a workload to rules while its forecast error is above this (0.25)
 * @param mapeWindow how many scored buckets the error averages over (36, three hours)
 * @param mapeMinSamples scores needed before demotion is judged (6)
 * @param quantile aggressive predictive workloads are scaled by the {@link PredictiveScaler} (true,
 *     GUARDIAN_FORECAST_METHOD=quantile) rather than raised to the Holt-Winters peak (false,
 *     holt-winters)
 * @param budgetRatio the {@link PredictiveScaler}'s pod budget, a share of the replicas a
 *     Kubernetes HPA would keep (GUARDIAN_BUDGET_RATIO, {@link PredictiveSettings#DEFAULTS}'s); 0:
 *     none
 */
public record ForecastSettings(
    Duration horizon,
    Duration bucket,
    double maxMape,
    int mapeWindow,
    int mapeMinSamples,
    boolean quantile,
    double budgetRatio) {

  public static final ForecastSettings DEFAULTS =
      new ForecastSettings(
          Duration.ofMinutes(15),
          Duration.ofMinutes(5),
          0.25,
          36,
          6,
          true,
          PredictiveSettings.DEFAULTS.budgetRatio());

  public ForecastSettings(
      Duration horizon, Duration bucket, double maxMape, int mapeWindow, int mapeMinSamples) {
    this(horizon, bucket, maxMape, mapeWindow, mapeMinSamples, true);
  }

  public ForecastSettings(
      Duration horizon,
      Duration bucket,
      double maxMape,
      int mapeWindow,
      int mapeMinSamples,
      boolean quantile) {
    this(
        horizon,
        bucket,
        maxMape,
        mapeWindow,
        mapeMinSamples,
        quantile,
        PredictiveSettings.DEFAULTS.budgetRatio());
  }

  public ForecastSettings withQuantile(boolean value) {
    return new ForecastSettings(
        horizon, bucket, maxMape, mapeWindow, mapeMinSamples, value, budgetRatio);
  }

  public ForecastSettings withBudgetRatio(double value) {
    return new ForecastSettings(
        horizon, bucket, maxMape, mapeWindow, mapeMinSamples, quantile, value);
  }

  public ForecastSettings {
    Objects.requireNonNull(horizon, "horizon");
    Objects.requireNonNull(bucket, "bucket");
    if (horizon.isNegative() || horizon.isZero() || bucket.toMinutes() < 1) {
      throw new IllegalArgumentException("horizon and bucket must be positive (bucket >= 1 min)");
    }
    if (Duration.ofDays(1).toMinutes() % bucket.toMinutes() != 0) {
      throw new IllegalArgumentException("bucket must divide a day");
    }
    PredictiveSettings.checkBudgetRatio("budgetRatio", budgetRatio);
  }

  /** Buckets to forecast: the open one plus enough to cover the horizon. */
  public int horizonBuckets() {
    return (int) Math.ceil((double) horizon.toSeconds() / bucket.toSeconds()) + 1;
  }

  public int bucketMinutes() {
    return (int) bucket.toMinutes();
  }
}

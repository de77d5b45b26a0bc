package io.autoagent.guardian.decision;

import io.autoagent.guardian.forecast.Forecast;
import io.autoagent.guardian.forecast.ForecastAccuracy;
import io.autoagent.guardian.signals.WorkloadHistory;
import java.time.Instant;

/** Everything the engine remembers about one workload. Guarded by the engine. */
final class WorkloadState {

  final WorkloadHistory history;
  final LoadEstimator estimator = new LoadEstimator();
  final ForecastAccuracy accuracy;
  final Damper damper;
  Forecast forecast;
  Instant lastClosedUntil;
  PredictiveScaler predictive;

  /** A scale-up not yet ready: when it was applied and the replicas it asked for. */
  Instant upAt;

  int upTarget;

  /** Measured pod start-up, seconds; the default until a scale-up has been seen through. */
  double startupSeconds = DEFAULT_STARTUP_SECONDS;

  static final int DEFAULT_STARTUP_SECONDS = 30;

  /** The pod budget configured (GUARDIAN_BUDGET_RATIO), unless the workload has its own. */
  private final double budgetRatio;

  /**
   * The workload's predictive scaler, made at the first call.
   *
   * @param ownBudgetRatio the workload's own pod budget (its annotation), or null for the
   *     configured one; a change applies from this call on
   * @param ownSloMs the workload's latency objective (its annotation), or null: the plan and the
   *     reactive rule stay below the utilisation that meets it ({@link
   *     PredictiveSettings#forLatencyObjective}; at or below the curve's 150 ms base, its 70 %
   *     knee); a change applies from this call on
   */
  PredictiveScaler predictive(Instant now, Double ownBudgetRatio, Double ownSloMs) {
    double ratio = ownBudgetRatio != null ? ownBudgetRatio : budgetRatio;
    PredictiveSettings settings = PredictiveSettings.DEFAULTS.withBudgetRatio(ratio);
    if (ownSloMs != null) {
      settings =
          settings.withUtilisationLimit(
              ownSloMs > LatencyCurve.BASE_LATENCY_MS
                  ? LatencyCurve.utilisationFor(ownSloMs)
                  : LatencyCurve.KNEE);
    }
    if (predictive == null) {
      predictive = new PredictiveScaler(settings, now, (int) Math.round(startupSeconds), 30);
    } else if (!settings.equals(predictive.settings())) {
      predictive.settings(settings);
    }
    return predictive;
  }

  /** Measures start-up: from a scale-up until the ready replicas reach its target. */
  void measureStartup(Instant now, int ready) {
    if (upAt != null && ready >= upTarget) {
      double seconds = java.time.Duration.between(upAt, now).toMillis() / 1000.0;
      startupSeconds = 0.7 * startupSeconds + 0.3 * seconds;
      upAt = null;
      if (predictive != null) {
        predictive.leadTime((int) Math.round(startupSeconds));
      }
    }
  }

  WorkloadState(WorkloadHistory history, ForecastSettings settings, Damping damping) {
    this.history = history;
    this.budgetRatio = settings.budgetRatio();
    this.accuracy =
        new ForecastAccuracy(settings.mapeWindow(), settings.mapeMinSamples(), settings.maxMape());
    this.damper = new Damper(damping);
  }
}

package io.autoagent.guardian.decision;

/**
 * Settings of the {@link PredictiveScaler}; the defaults were tuned by replaying synthetic
 * web-server and social-stream traces (see docs/backtest.md) and checked on held-out seeds.
 *
 * @param quantile the quantile of the forecast load reported, and provisioned for while the
 *     forecast cannot give chances yet (0.95)
 * @param planUtilisation utilisation the forecast load may reach: where latency meets a 500 ms SLO
 *     in the simulator's model (0.86)
 * @param upUtilisation the reactive rule: above this utilisation scale up at once (0.86) ...
 * @param targetUtilisation ... to this utilisation of the observed load (0.86)
 * @param levelMinutes minutes the forecast level is the median of (5)
 * @param confidentDownSeconds scale-down stabilisation while the forecast is calibrated (60)
 * @param downSeconds scale-down stabilisation otherwise, the HPA's default (300)
 * @param violationCost what one minute above the SLO is worth in pod-minutes: the replicas kept
 *     minimise pods plus this times the forecast probability of exceeding the SLO (0: provision for
 *     the quantile alone) (20); with a budget, the starting value
 * @param budgetRatio the pod budget: the violation cost moves slowly (about 2.4 % an hour) so that
 *     over the last day or so the scaler keeps this share of the replicas a Kubernetes HPA with its
 *     defaults would keep for the same load (0: no budget, the violation cost stays fixed) (0.98)
 */
public record PredictiveSettings(
    double quantile,
    double planUtilisation,
    double upUtilisation,
    double targetUtilisation,
    int levelMinutes,
    int confidentDownSeconds,
    int downSeconds,
    double violationCost,
    double budgetRatio) {

  public static final PredictiveSettings DEFAULTS =
      new PredictiveSettings(0.95, 0.86, 0.86, 0.86, 5, 60, 300, 20, 0.98);

  public PredictiveSettings {
    if (!(quantile > 0.5 && quantile < 1)) {
      throw new IllegalArgumentException("quantile must be between 0.5 and 1: " + quantile);
    }
    if (!(planUtilisation > 0
        && planUtilisation <= 1
        && targetUtilisation > 0
        && targetUtilisation <= 1
        && upUtilisation > 0)) {
      throw new IllegalArgumentException("utilisations must be in (0, 1]");
    }
    if (!(budgetRatio >= 0) || !Double.isFinite(budgetRatio)) {
      throw new IllegalArgumentException("budgetRatio must be 0 or positive: " + budgetRatio);
    }
    if (levelMinutes < 1 || confidentDownSeconds < 0 || downSeconds < confidentDownSeconds) {
      throw new IllegalArgumentException("invalid level or scale-down windows");
    }
  }

  public PredictiveSettings withBudgetRatio(double value) {
    return new PredictiveSettings(
        quantile,
        planUtilisation,
        upUtilisation,
        targetUtilisation,
        levelMinutes,
        confidentDownSeconds,
        downSeconds,
        violationCost,
        value);
  }

  public PredictiveSettings withViolationCost(double value) {
    return new PredictiveSettings(
        quantile,
        planUtilisation,
        upUtilisation,
        targetUtilisation,
        levelMinutes,
        confidentDownSeconds,
        downSeconds,
        value,
        budgetRatio);
  }

  public PredictiveSettings withQuantile(double value) {
    return new PredictiveSettings(
        value,
        planUtilisation,
        upUtilisation,
        targetUtilisation,
        levelMinutes,
        confidentDownSeconds,
        downSeconds,
        violationCost,
        budgetRatio);
  }

  public PredictiveSettings withPlanUtilisation(double value) {
    return new PredictiveSettings(
        quantile,
        value,
        upUtilisation,
        targetUtilisation,
        levelMinutes,
        confidentDownSeconds,
        downSeconds,
        violationCost,
        budgetRatio);
  }

  public PredictiveSettings withLevelMinutes(int value) {
    return new PredictiveSettings(
        quantile,
        planUtilisation,
        upUtilisation,
        targetUtilisation,
        value,
        confidentDownSeconds,
        downSeconds,
        violationCost,
        budgetRatio);
  }

  public PredictiveSettings withConfidentDownSeconds(int value) {
    return new PredictiveSettings(
        quantile,
        planUtilisation,
        upUtilisation,
        targetUtilisation,
        levelMinutes,
        value,
        downSeconds,
        violationCost,
        budgetRatio);
  }

  public PredictiveSettings withUp(double up, double target) {
    return new PredictiveSettings(
        quantile,
        planUtilisation,
        up,
        target,
        levelMinutes,
        confidentDownSeconds,
        downSeconds,
        violationCost,
        budgetRatio);
  }
}

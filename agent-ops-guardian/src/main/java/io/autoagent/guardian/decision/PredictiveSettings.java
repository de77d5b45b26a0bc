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
    checkBudgetRatio("budgetRatio", budgetRatio);
    if (levelMinutes < 1 || confidentDownSeconds < 0 || downSeconds < confidentDownSeconds) {
      throw new IllegalArgumentException("invalid level or scale-down windows");
    }
  }

  /** The highest pod budget accepted: twice the HPA's replicas. */
  public static final double MAX_BUDGET_RATIO = 2;

  /**
   * Checks a pod budget ratio: 0 (no budget, a fixed violation cost) or from 0.5 to {@value
   * #MAX_BUDGET_RATIO} times the HPA's replicas.
   *
   * @param name what the value is called where it was given (a variable, option or annotation)
   * @return the value
   * @throws IllegalArgumentException naming {@code name} and the value
   */
  public static double checkBudgetRatio(String name, double value) {
    if (!validBudgetRatio(value)) {
      throw budgetRatioError(name, String.valueOf(value));
    }
    return value;
  }

  private static boolean validBudgetRatio(double value) {
    return value == 0 || value >= 0.5 && value <= MAX_BUDGET_RATIO;
  }

  private static IllegalArgumentException budgetRatioError(String name, String value) {
    return new IllegalArgumentException(
        name
            + " must be 0 (no pod budget) or between 0.5 and 2 (a share of the HPA's replicas): "
            + value);
  }

  /**
   * Parses a pod budget ratio given as text ({@link #checkBudgetRatio}).
   *
   * @throws IllegalArgumentException naming {@code name} and the text
   */
  public static double parseBudgetRatio(String name, String text) {
    double value;
    try {
      value = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a number: '" + text + "'");
    }
    if (!validBudgetRatio(value)) {
      throw budgetRatioError(name, "'" + text.trim() + "'");
    }
    return value;
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

  /**
   * The settings for a latency objective: the defaults plan for 86 % utilisation, where the {@link
   * LatencyCurve} meets 500 ms; a tighter objective (400 ms: 83.6 %, 300 ms: 80 %) lowers the plan,
   * the reactive rule and its target to just below the utilisation that meets it. A looser one
   * keeps them. The backtest's {@code --slo-ms} and a workload's {@code
   * ops-guardian.autoagent.io/slo-ms} annotation both go through here.
   *
   * @throws IllegalArgumentException when the objective is not above the curve's base latency
   */
  public PredictiveSettings forLatencyObjective(double sloMs) {
    return withUtilisationLimit(LatencyCurve.utilisationFor(sloMs));
  }

  /**
   * The settings with the plan, the reactive rule and its target at most just below {@code limit}
   * (a utilisation); unchanged when all three are below it already.
   */
  public PredictiveSettings withUtilisationLimit(double limit) {
    double l = limit * 0.999;
    if (l >= planUtilisation && l >= upUtilisation && l >= targetUtilisation) {
      return this;
    }
    return withPlanUtilisation(Math.min(planUtilisation, l))
        .withUp(Math.min(upUtilisation, l), Math.min(targetUtilisation, l));
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

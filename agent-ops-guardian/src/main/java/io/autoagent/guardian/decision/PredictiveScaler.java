package io.autoagent.guardian.decision;

import io.autoagent.guardian.forecast.SeasonalQuantileForecaster;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Prediction that provisions for a high quantile of the coming load, never below the reactive rule
 * (as AWS predictive scaling keeps dynamic scaling on top of the forecast):
 *
 * <ol>
 *   <li>load samples (pods' worth of work, from the request rate) are fed to a {@link
 *       SeasonalQuantileForecaster} a minute at a time, as soon as a minute's first sample arrives
 *       (so the next minute is forecast one step ahead, from the minute in progress);
 *   <li>the lead time is the pod start-up: pods removed now are gone at once but pods added now
 *       serve only after start-up, so the replicas kept must cover the forecast of every minute
 *       from now until start-up plus one decision period ahead, at {@code planUtilisation}: the
 *       fewest that minimise pods plus {@code violationCost} times the forecast chance that a
 *       minute exceeds them;
 *   <li>the pod budget: a {@link ShadowHpa} replays what the Kubernetes HPA would keep for the same
 *       load, and the violation cost moves slowly so that, over about a day, the scaler keeps
 *       {@code budgetRatio} of the HPA's replicas: the same pods, placed where the forecast says
 *       the risk is rather than held for 300 s after every peak;
 *   <li>the reactive rule: above {@code upUtilisation} of the ready pods, size for the observed
 *       load at {@code targetUtilisation};
 *   <li>scale-up at once; scale-down to the highest target of the last {@code confidentDownSeconds}
 *       while the forecast covers its quantile, of the last {@code downSeconds} (the HPA's 300 s)
 *       when it does not, and never below what the next decision would want back.
 * </ol>
 *
 * Not thread-safe; one per workload, called from its decision loop.
 */
public final class PredictiveScaler {

  private PredictiveSettings settings;

  /** Longest lead time ever planned for: ten minutes of start-up. */
  public static final int MAX_STARTUP_SECONDS = 600;

  /** The longest lead time this scaler forecasts for: twice the first start-up, 2 min at least. */
  private final int maxLeadSeconds;

  private int startupSeconds;
  private final int periodSeconds;
  private final SeasonalQuantileForecaster forecaster;
  private final Deque<long[]> targets = new ArrayDeque<>();
  private long minute = Long.MIN_VALUE;
  private double lastMinuteLoad;
  private final ShadowHpa shadow;
  private final double budgetDecay;
  private double usedPods;
  private double shadowPods;
  private double cost;

  /** How fast the violation cost moves to keep to the budget: about 2.4 % an hour. */
  private static final double BUDGET_STEP = 1e-4;

  private static final double MIN_COST = 2;
  private static final double MAX_COST = 500;

  /** Half-life of the pod sums the budget compares, in seconds. */
  private static final int BUDGET_HALF_LIFE_SECONDS = 86_400;

  /**
   * @param start the time of the first sample
   * @param startupSeconds measured pod start-up, the lead time
   * @param periodSeconds how often {@link #decide} is called
   */
  public PredictiveScaler(
      PredictiveSettings settings, Instant start, int startupSeconds, int periodSeconds) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.maxLeadSeconds = Math.min(MAX_STARTUP_SECONDS, Math.max(120, 2 * startupSeconds));
    this.startupSeconds = Math.max(0, Math.min(maxLeadSeconds, startupSeconds));
    this.periodSeconds = Math.max(1, periodSeconds);
    this.budgetDecay = Math.pow(0.5, this.periodSeconds / (double) BUDGET_HALF_LIFE_SECONDS);
    this.cost = settings.violationCost();
    this.shadow = new ShadowHpa(this.periodSeconds);
    int horizons = 2 + (maxLeadSeconds + this.periodSeconds) / 60;
    this.forecaster =
        new SeasonalQuantileForecaster(
            start, settings.quantile(), settings.levelMinutes(), horizons);
  }

  /**
   * The replicas wanted now.
   *
   * @param now the sample's time
   * @param load offered load in the last period, in pods' worth of work
   * @param ready pods serving
   * @param current replicas that exist now
   */
  public int decide(Instant now, double load, int ready, int current) {
    long epochSecond = now.getEpochSecond();
    record(Math.floorDiv(epochSecond - 1, 60), load);
    int reactive = reactive(load, ready, current);
    int predicted = predicted(epochSecond, false);
    int target = Math.max(1, Math.max(reactive, predicted));
    targets.addLast(new long[] {epochSecond, target});
    int window = forecaster.confident() ? settings.confidentDownSeconds() : settings.downSeconds();
    while (targets.peekFirst()[0] < epochSecond - settings.downSeconds()) {
      targets.removeFirst();
    }
    int result;
    if (target >= current) {
      result = target;
    } else {
      long stabilized =
          targets.stream()
              .filter(t -> t[0] >= epochSecond - window)
              .mapToLong(t -> t[1])
              .max()
              .orElse(target);
      if (stabilized < current) {
        // hysteresis: keep the pods the next decision would start again for the coming minute
        stabilized = Math.max(stabilized, predicted(epochSecond, true));
      }
      result = (int) Math.min(current, stabilized);
    }
    budget(epochSecond, load, result);
    return result;
  }

  /**
   * Keeps the pods used and those a {@link ShadowHpa} would use, over about a day, and moves the
   * violation cost up while the scaler spends less than {@code budgetRatio} of the HPA's pods and
   * down while it spends more (a slow Lagrange multiplier: pods go where the forecast risk is, and
   * in total about what the reactive baseline would spend).
   */
  private void budget(long epochSecond, double load, int result) {
    int hpa = shadow.update(epochSecond, load, startupSeconds);
    usedPods = budgetDecay * usedPods + result;
    shadowPods = budgetDecay * shadowPods + hpa;
    if (settings.budgetRatio() > 0 && forecaster.confident()) {
      double step = BUDGET_STEP * periodSeconds / 15.0;
      cost *= Math.exp(usedPods < settings.budgetRatio() * shadowPods ? step : -step);
      cost = Math.max(MIN_COST, Math.min(MAX_COST, cost));
    }
  }

  /**
   * Changes the pod budget ({@link PredictiveSettings#budgetRatio}) from the next decision on; the
   * violation cost keeps its value and moves towards the new budget from there.
   */
  public void budgetRatio(double ratio) {
    if (ratio != settings.budgetRatio()) {
      settings = settings.withBudgetRatio(ratio);
    }
  }

  /**
   * Changes the settings from the next decision on (a workload's annotations changed: its pod
   * budget, its latency objective's utilisations). The forecaster keeps its history; its quantile
   * and level cannot change.
   *
   * @throws IllegalArgumentException when {@code next} has another quantile or level
   */
  public void settings(PredictiveSettings next) {
    Objects.requireNonNull(next, "next");
    if (next.quantile() != settings.quantile() || next.levelMinutes() != settings.levelMinutes()) {
      throw new IllegalArgumentException(
          "the forecaster's quantile and level are fixed: " + settings + " -> " + next);
    }
    settings = next;
  }

  /** The settings in use. */
  public PredictiveSettings settings() {
    return settings;
  }

  /** The violation cost in use, in pod-minutes per violated minute. */
  public double cost() {
    return cost;
  }

  /**
   * Sets the lead time to a newly measured pod start-up, capped at twice the start-up this scaler
   * was made with (2 minutes at least): the horizons it forecasts.
   */
  public void leadTime(int seconds) {
    startupSeconds = Math.max(0, Math.min(maxLeadSeconds, seconds));
  }

  public int leadTimeSeconds() {
    return startupSeconds;
  }

  public SeasonalQuantileForecaster forecaster() {
    return forecaster;
  }

  private int reactive(double load, int ready, int current) {
    double u = ready == 0 ? Double.POSITIVE_INFINITY : load / ready;
    if (u > settings.upUtilisation()) {
      return Math.max(current, pods(load, settings.targetUtilisation()));
    }
    return pods(load, settings.planUtilisation());
  }

  /**
   * The replicas for the forecast of the minutes from now until the pods the next decision could
   * add are ready: to start pods now for a tick the next decision still covers would pay for 15 s
   * of start-up early, so only {@code keeping} (deciding what to remove) looks one second further,
   * to the first tick the next decision cannot cover.
   */
  private int predicted(long epochSecond, boolean keeping) {
    if (forecaster.observed() < 2) { // one minute is no forecast: the rules alone at first
      return 0;
    }
    long nowMinute = Math.floorDiv(epochSecond, 60);
    long lastMinute =
        Math.floorDiv(epochSecond + startupSeconds + periodSeconds - (keeping ? 0 : 1), 60);
    double peak = 0;
    for (long m = nowMinute; m <= lastMinute; m++) {
      int h = (int) (m - minute);
      if (h >= 1) {
        peak = Math.max(peak, forecaster.forecast(h));
      }
    }
    int quantilePods = pods(peak, settings.planUtilisation());
    if (settings.violationCost() <= 0) {
      return quantilePods;
    }
    return cheapest(nowMinute, lastMinute, quantilePods);
  }

  /**
   * The replicas that minimise pods plus violationCost times the chance that some minute of the
   * window exceeds what they serve at the plan utilisation; the quantile's answer while the
   * forecast cannot give chances yet.
   */
  private int cheapest(long nowMinute, long lastMinute, int quantilePods) {
    int best = quantilePods;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int r = 1; r <= 2 * quantilePods + 2; r++) {
      double risk = 0;
      for (long m = nowMinute; m <= lastMinute; m++) {
        int h = (int) (m - minute);
        if (h >= 1) {
          double p = forecaster.exceedance(h, r * settings.planUtilisation());
          if (Double.isNaN(p)) {
            return quantilePods;
          }
          risk = Math.max(risk, p);
        }
      }
      double cost = r + this.cost * risk;
      if (cost < bestCost) {
        bestCost = cost;
        best = r;
      }
    }
    return best;
  }

  /**
   * Feeds the forecaster a minute as soon as its first sample arrives: the load of the minute in
   * progress is then known (a sample reports the rate of the period just ended), so the next minute
   * is forecast one step ahead instead of two. Later samples of the same minute only feed the
   * reactive rule; minutes without samples repeat the last load.
   */
  private void record(long sampleMinute, double load) {
    double value = Double.isFinite(load) ? Math.max(0, load) : 0;
    if (minute == Long.MIN_VALUE) {
      minute = sampleMinute - 1;
    }
    if (sampleMinute <= minute) {
      return;
    }
    while (minute < sampleMinute - 1) {
      forecaster.observe(lastMinuteLoad);
      minute++;
    }
    forecaster.observe(value);
    lastMinuteLoad = value;
    minute = sampleMinute;
  }

  private static int pods(double load, double utilisation) {
    return (int) Math.ceil(load / utilisation - 1e-9);
  }
}

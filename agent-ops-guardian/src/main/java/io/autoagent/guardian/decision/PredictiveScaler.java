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
 *   <li>load samples (pods' worth of work, from the request rate) are summed into minutes and fed
 *       to a {@link SeasonalQuantileForecaster};
 *   <li>the lead time is the pod start-up: pods removed now are gone at once but pods added now
 *       serve only after start-up, so the replicas kept must cover the {@code quantile} forecast of
 *       every minute from now until start-up plus one decision period ahead, at {@code
 *       planUtilisation};
 *   <li>the reactive rule: above {@code upUtilisation} of the ready pods, size for the observed
 *       load at {@code targetUtilisation};
 *   <li>scale-up at once; scale-down to the highest target of the last {@code confidentDownSeconds}
 *       while the forecast covers its quantile, of the last {@code downSeconds} (the HPA's 300 s)
 *       when it does not.
 * </ol>
 *
 * Not thread-safe; one per workload, called from its decision loop.
 */
public final class PredictiveScaler {

  private final PredictiveSettings settings;

  /** Longest lead time ever planned for: ten minutes of start-up. */
  public static final int MAX_STARTUP_SECONDS = 600;

  /** The longest lead time this scaler forecasts for: twice the first start-up, 2 min at least. */
  private final int maxLeadSeconds;

  private int startupSeconds;
  private final int periodSeconds;
  private final SeasonalQuantileForecaster forecaster;
  private final Deque<long[]> targets = new ArrayDeque<>();
  private long minute = Long.MIN_VALUE;
  private double minuteSum;
  private int minuteSamples;
  private double lastMinuteLoad;

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
    int predicted = predicted(epochSecond);
    int target = Math.max(1, Math.max(reactive, predicted));
    targets.addLast(new long[] {epochSecond, target});
    int window = forecaster.confident() ? settings.confidentDownSeconds() : settings.downSeconds();
    while (targets.peekFirst()[0] < epochSecond - settings.downSeconds()) {
      targets.removeFirst();
    }
    if (target >= current) {
      return target;
    }
    long stabilized =
        targets.stream()
            .filter(t -> t[0] >= epochSecond - window)
            .mapToLong(t -> t[1])
            .max()
            .orElse(target);
    return (int) Math.min(current, stabilized);
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

  private int predicted(long epochSecond) {
    if (forecaster.observed() == 0) {
      return 0;
    }
    long nowMinute = Math.floorDiv(epochSecond, 60);
    long lastMinute = Math.floorDiv(epochSecond + startupSeconds + periodSeconds, 60);
    double peak = 0;
    for (long m = nowMinute; m <= lastMinute; m++) {
      int h = (int) (m - minute + 1);
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
        int h = (int) (m - minute + 1);
        if (h >= 1) {
          double p = forecaster.exceedance(h, r * settings.planUtilisation());
          if (Double.isNaN(p)) {
            return quantilePods;
          }
          risk = Math.max(risk, p);
        }
      }
      double cost = r + settings.violationCost() * risk;
      if (cost < bestCost) {
        bestCost = cost;
        best = r;
      }
    }
    return best;
  }

  /** Sums samples into minutes; a minute closes when a sample of a later minute arrives. */
  private void record(long sampleMinute, double load) {
    double value = Double.isFinite(load) ? Math.max(0, load) : 0;
    if (minute == Long.MIN_VALUE) {
      minute = sampleMinute;
    }
    while (sampleMinute > minute) {
      lastMinuteLoad = minuteSamples == 0 ? lastMinuteLoad : minuteSum / minuteSamples;
      forecaster.observe(lastMinuteLoad);
      minute++;
      minuteSum = 0;
      minuteSamples = 0;
    }
    minuteSum += value;
    minuteSamples++;
  }

  private static int pods(double load, double utilisation) {
    return (int) Math.ceil(load / utilisation - 1e-9);
  }
}

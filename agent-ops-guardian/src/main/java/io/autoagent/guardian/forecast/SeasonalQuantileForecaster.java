package io.autoagent.guardian.forecast;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * A per-minute quantile forecast for the next few minutes, built for noisy, low-volume services:
 *
 * <ul>
 *   <li>level: the median of the last {@code levelMinutes} minutes (one noisy or bursty minute does
 *       not move it);
 *   <li>seasonality, daily and weekly: how the load moved from "now" to the target minute on each
 *       of the previous days (lags 1-6 days) and weeks (7, 14, 21, 28 days), each over 5-minute
 *       windows, of the same day type (weekday or weekend) when there are two such days; the median
 *       of those ratios scales the level;
 *   <li>spread: per horizon, the {@code quantile} of recent errors in square-root space (counts of
 *       requests are Poisson-like, so their noise is about constant there), so the forecast is a
 *       high quantile of the load, not its mean;
 *   <li>regression: an {@link AutoRegression} of the coming minutes on the last minutes, their
 *       means and the seasonal profile, learnt from the workload's own last day, so it learns how
 *       much of a burst persists and how far to trust the profile;
 *   <li>spread per level: the errors are kept apart by the level the forecast was made at (quiet,
 *       middle, busy), since busy hours of clumpy traffic are noisier even in square-root space;
 *   <li>demotion: the level, recent mean, seasonal and regression forecasts are all scored with
 *       pinball loss; the one with the lowest recent loss is used.
 * </ul>
 *
 * Feed every closed minute to {@link #observe}. Not thread-safe; one per workload.
 */
public final class SeasonalQuantileForecaster {

  private static final int DAY = 1440;
  private static final int[] LAGS_DAYS = {1, 2, 3, 4, 5, 6, 7, 14, 21, 28};
  private static final int HISTORY = 29 * DAY;
  private static final int HALF_WINDOW = 5;

  /** Minutes over which the seasonal profile is scaled to the current level. */
  private static final int ANCHOR_MINUTES = 60;

  private static final int REFRESH_MINUTES = 15;
  private static final double EWMA_WEIGHT = 0.5;

  /** The regression's features: a constant, the last three minutes, EWMA, level, profile. */
  private static final int FEATURES = 11;

  private static final int REGRESSION_HALF_LIFE = DAY;

  /** Minutes the regression learns from before it forecasts. */
  private static final int REGRESSION_WARMUP = 120;

  private final double quantile;
  private final int levelMinutes;
  private final int horizons;
  private final long startMinute;
  private final double[] history = new double[HISTORY];

  /** Seasonal profile by minute (ring), NaN where unknown. */
  private final double[] profile = new double[HISTORY];

  private final long[] profileMinute = new long[HISTORY];
  private double anchorActual;
  private double anchorProfile;
  private long count;
  private double total;
  private final ForecastErrors seasonal;
  private final ForecastErrors flat;
  private final ForecastErrors recent;
  private final ForecastErrors regression;
  private final AutoRegression autoRegression;

  /** The regression's latest forecast per horizon, NaN while it has not learnt enough. */
  private final double[] regressionBase;

  private double ewma = Double.NaN;

  /**
   * @param start the start of the first minute that will be observed
   * @param quantile the quantile to forecast, for example 0.97
   * @param levelMinutes minutes the level is the median of
   * @param horizons how many minutes ahead to forecast (1 is the next minute)
   */
  public SeasonalQuantileForecaster(
      Instant start, double quantile, int levelMinutes, int horizons) {
    if (!(quantile > 0.5 && quantile < 1) || levelMinutes < 1 || horizons < 1) {
      throw new IllegalArgumentException("need 0.5 < quantile < 1, levelMinutes and horizons >= 1");
    }
    this.startMinute = Math.floorDiv(start.getEpochSecond(), 60);
    this.quantile = quantile;
    this.levelMinutes = levelMinutes;
    this.horizons = horizons;
    this.seasonal = new ForecastErrors(horizons, quantile);
    this.flat = new ForecastErrors(horizons, quantile);
    this.recent = new ForecastErrors(horizons, quantile);
    this.regression = new ForecastErrors(horizons, quantile);
    this.autoRegression = new AutoRegression(FEATURES, horizons, REGRESSION_HALF_LIFE);
    this.regressionBase = new double[horizons + 1];
    Arrays.fill(regressionBase, Double.NaN);
    Arrays.fill(profileMinute, Long.MIN_VALUE);
  }

  /** Records the load of the next minute. */
  public void observe(double load) {
    double value = Double.isFinite(load) ? Math.max(0, load) : 0;
    long m = count;
    history[(int) (m % HISTORY)] = value;
    count++;
    total += value;
    seasonal.score(m, value);
    flat.score(m, value);
    recent.score(m, value);
    regression.score(m, value);
    anchor(m, value);
    ewma = Double.isNaN(ewma) ? value : EWMA_WEIGHT * value + (1 - EWMA_WEIGHT) * ewma;
    double level = level();
    for (int h = 1; h <= horizons; h++) {
      flat.remember(m, h, level);
      recent.remember(m, h, ewma);
      double base = seasonalBase(m, h);
      if (!Double.isNaN(base)) {
        seasonal.remember(m, h, base);
      }
    }
    regress(m, value, level);
    if (count % REFRESH_MINUTES == 0) {
      seasonal.refresh();
      flat.refresh();
      recent.refresh();
      regression.refresh();
    }
  }

  /** Minutes observed so far. */
  public long observed() {
    return count;
  }

  /**
   * The {@code quantile} of the load of the minute {@code h} minutes after the last observed one (h
   * = 1: the minute now in progress), or NaN before any observation.
   */
  public double forecast(int h) {
    if (count == 0 || h < 1 || h > horizons) {
      return Double.NaN;
    }
    Method method = method();
    return model(method).upper(h, base(method, h));
  }

  /**
   * The probability that the load of the minute {@code h} minutes after the last observed one
   * exceeds {@code capacity}, from the same errors the quantile comes from; NaN while the errors
   * are too few to say.
   */
  public double exceedance(int h, double capacity) {
    if (count == 0 || h < 1 || h > horizons) {
      return Double.NaN;
    }
    Method method = method();
    return model(method).exceedance(h, base(method, h), capacity);
  }

  /** How the base is forecast now. */
  public enum Method {
    /** The median of the last minutes. */
    LEVEL,
    /** An exponentially weighted mean that follows the last minutes closely. */
    RECENT,
    /** The daily and weekly profile, scaled to the last hour. */
    SEASONAL,
    /** A regression on the last minutes and the profile, learnt from this workload's past. */
    REGRESSION
  }

  /**
   * The method with the lowest pinball loss on the next minute; the others are demoted until they
   * do better. The seasonal one needs a day of history first.
   */
  public Method method() {
    Method best = Method.LEVEL;
    double bestLoss = flat.loss().loss();
    double r = recent.loss().loss();
    if (!Double.isNaN(r) && (Double.isNaN(bestLoss) || r < bestLoss)) {
      best = Method.RECENT;
      bestLoss = r;
    }
    double s = seasonal.loss().loss();
    if (count >= DAY + levelMinutes
        && seasonal.loss().weight() >= ForecastErrors.MIN_ERRORS
        && !Double.isNaN(s)
        && s < bestLoss
        && !Double.isNaN(seasonalBase(count - 1, 1))) {
      best = Method.SEASONAL;
      bestLoss = s;
    }
    double g = regression.loss().loss();
    if (regression.loss().weight() >= ForecastErrors.MIN_ERRORS
        && !Double.isNaN(g)
        && g < bestLoss
        && !Double.isNaN(regressionBase[1])) {
      best = Method.REGRESSION;
    }
    return best;
  }

  /** Whether the seasonal model currently beats the others on pinball loss. */
  public boolean seasonalActive() {
    return method() == Method.SEASONAL;
  }

  /**
   * Whether the forecast in use has recently covered close to its quantile of outcomes: the
   * condition for scaling down faster than a reactive autoscaler.
   */
  public boolean confident() {
    ForecastErrors model = model(method());
    return model.calibrated() && model.loss().coverage() >= quantile - 0.015;
  }

  /** Pinball loss of the forecast in use (next minute), NaN before any score. */
  public double pinballLoss() {
    return model(method()).loss().loss();
  }

  private ForecastErrors model(Method method) {
    return switch (method) {
      case LEVEL -> flat;
      case RECENT -> recent;
      case SEASONAL -> seasonal;
      case REGRESSION -> regression;
    };
  }

  private double base(Method method, int h) {
    return switch (method) {
      case LEVEL -> level();
      case RECENT -> ewma;
      case SEASONAL -> seasonalBase(count - 1, h);
      case REGRESSION -> regressionBase[h];
    };
  }

  /** Teaches the regression minute m's load, then forecasts from what is known after it. */
  private void regress(long m, double value, double level) {
    double[][] x = new double[horizons + 1][];
    for (int h = 1; h <= horizons; h++) {
      double profile = seasonalBase(m, h);
      x[h] =
          new double[] {
            1,
            ForecastErrors.fwd(value),
            ForecastErrors.fwd(at(m - 1)),
            ForecastErrors.fwd(at(m - 2)),
            ForecastErrors.fwd(ewma),
            ForecastErrors.fwd(level),
            ForecastErrors.fwd(Double.isNaN(profile) ? level : profile),
            ForecastErrors.fwd(at(m - 3)),
            ForecastErrors.fwd(at(m - 4)),
            ForecastErrors.fwd(mean(m, 15)),
            ForecastErrors.fwd(mean(m, 60))
          };
    }
    autoRegression.observe(m, ForecastErrors.fwd(value), x);
    boolean ready = autoRegression.samples() >= REGRESSION_WARMUP;
    for (int h = 1; h <= horizons; h++) {
      double y = ready ? autoRegression.predict(h, x[h]) : Double.NaN;
      regressionBase[h] = Double.isFinite(y) ? ForecastErrors.inv(y) : Double.NaN;
      if (!Double.isNaN(regressionBase[h])) {
        regression.remember(m, h, regressionBase[h]);
      }
    }
  }

  private double mean(long m, int minutes) {
    double sum = 0;
    for (long i = m - minutes + 1; i <= m; i++) {
      sum += at(i);
    }
    return sum / minutes;
  }

  private double level() {
    int n = (int) Math.min(levelMinutes, count);
    double[] recent = new double[n];
    for (int i = 0; i < n; i++) {
      recent[i] = at(count - 1 - i);
    }
    Arrays.sort(recent);
    return n % 2 == 1 ? recent[n / 2] : (recent[n / 2 - 1] + recent[n / 2]) / 2;
  }

  /**
   * The seasonal forecast made after minute m for minute m + h: the profile of that minute scaled
   * by how the last hour compared with the profile; NaN without a profile yet.
   */
  private double seasonalBase(long m, int h) {
    double p = profileAt(m + h);
    if (Double.isNaN(p) || anchorProfile <= 0) {
      return Double.NaN;
    }
    double eps = 0.05 * total / count + 1e-9;
    double scale = (anchorActual + eps) / (anchorProfile + eps);
    return p * Math.max(0.2, Math.min(5, scale));
  }

  /** Keeps the sums of the last hour's loads and of their profile, where a profile exists. */
  private void anchor(long m, double value) {
    double p = profileAt(m);
    if (!Double.isNaN(p)) {
      anchorActual += value;
      anchorProfile += p;
    }
    long old = m - ANCHOR_MINUTES;
    if (old >= 0) {
      double q = profileAt(old);
      if (!Double.isNaN(q)) {
        anchorActual -= at(old);
        anchorProfile -= q;
      }
    }
  }

  /**
   * The expected load of minute t from past days and weeks: the median, over lags of 1-6 days and
   * 1-4 weeks (of the same day type when two such exist), of the mean load in an 11-minute window
   * around the same time. Computed once per minute and kept.
   */
  private double profileAt(long t) {
    int slot = (int) Math.floorMod(t, (long) HISTORY);
    if (t == profileMinute[slot]) {
      return profile[slot];
    }
    double[] all = new double[LAGS_DAYS.length];
    double[] same = new double[LAGS_DAYS.length];
    int n = 0;
    int matching = 0;
    boolean weekendTarget = weekend(t);
    for (int lag : LAGS_DAYS) {
      long past = t - (long) lag * DAY;
      if (past - HALF_WINDOW < 0 || past + HALF_WINDOW > count - 1) {
        continue;
      }
      double w = window(past);
      all[n++] = w;
      if (weekend(past) == weekendTarget) {
        same[matching++] = w;
      }
    }
    double value = matching >= 2 ? median(same, matching) : n == 0 ? Double.NaN : median(all, n);
    if (n > 0) { // the lags a minute uses never change, so neither does its profile
      profile[slot] = value;
      profileMinute[slot] = t;
    }
    return value;
  }

  private static double median(double[] values, int n) {
    double[] v = Arrays.copyOf(values, n);
    Arrays.sort(v);
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private double window(long centre) {
    double sum = 0;
    for (long i = centre - HALF_WINDOW; i <= centre + HALF_WINDOW; i++) {
      sum += at(i);
    }
    return sum / (2 * HALF_WINDOW + 1);
  }

  /** What the level saw at {@code m}: the mean of its last minutes. */
  private double recentWindow(long m) {
    double sum = 0;
    for (long i = m - levelMinutes + 1; i <= m; i++) {
      sum += at(i);
    }
    return sum / levelMinutes;
  }

  private double at(long m) {
    return m < 0 || m <= count - 1 - HISTORY ? 0 : history[(int) (m % HISTORY)];
  }

  private boolean weekend(long m) {
    DayOfWeek d =
        Instant.ofEpochSecond(60 * (startMinute + m)).atZone(ZoneOffset.UTC).getDayOfWeek();
    return d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY;
  }
}

package io.autoagent.guardian.forecast;

import java.util.Arrays;

/**
 * The recent errors and pinball loss of one way of forecasting the base load, per horizon, in
 * square-root space (where Poisson-like counts have about constant noise): what turns a base
 * into a quantile or a chance of exceeding a capacity. Not thread-safe.
 */
final class ForecastErrors {

  private static final int DAY = 1440;
  private static final int ERROR_WINDOW = 2 * DAY;
  static final int MIN_ERRORS = 60;
  /** Before enough errors are known: provision this much above the base. */
  private static final double WARMUP_FACTOR = 1.5;
  private static final double POWER = 0.5;

  private final int horizons;
  private final double quantile;
  /** Base forecasts by target minute (ring) and horizon. */
  private final double[][] pending;
  private final double[][] errors;
  private final int[] errorCount;
  private final double[] errorQuantile;
  private final double[][] sortedErrors;
  private final PinballLoss loss;

  ForecastErrors(int horizons, double quantile) {
    this.horizons = horizons;
    this.quantile = quantile;
    this.pending = new double[horizons + 1][horizons + 1];
    for (double[] row : pending) {
      Arrays.fill(row, Double.NaN);
    }
    this.errors = new double[horizons + 1][ERROR_WINDOW];
    this.errorCount = new int[horizons + 1];
    this.errorQuantile = new double[horizons + 1];
    Arrays.fill(errorQuantile, Double.NaN);
    this.sortedErrors = new double[horizons + 1][];
    this.loss = new PinballLoss(quantile, DAY / 2);
  }

  /** A base forecast made after minute m for minute m + h. */
  void remember(long m, int h, double base) {
    pending[(int) ((m + h) % (horizons + 1))][h] = base;
  }

  /** Scores the forecasts made for minute m now that its load is known. */
  void score(long m, double actual) {
    double[] row = pending[(int) (m % (horizons + 1))];
    for (int h = 1; h <= horizons; h++) {
      double base = row[h];
      if (Double.isNaN(base)) {
        continue;
      }
      if (h == 1) {
        loss.score(upper(1, base), actual);
      }
      errors[h][errorCount[h]++ % ERROR_WINDOW] = fwd(actual) - fwd(base);
      row[h] = Double.NaN;
    }
  }

  void refresh() {
    for (int h = 1; h <= horizons; h++) {
      int n = Math.min(errorCount[h], ERROR_WINDOW);
      if (n < MIN_ERRORS) {
        continue;
      }
      double[] sorted = Arrays.copyOf(errors[h], n);
      Arrays.sort(sorted);
      errorQuantile[h] = sorted[Math.min(n - 1, (int) Math.ceil(quantile * n) - 1)];
      sortedErrors[h] = sorted;
    }
  }

  boolean calibrated() {
    return !Double.isNaN(errorQuantile[1]) && loss.weight() >= MIN_ERRORS;
  }

  double exceedance(int h, double base, double capacity) {
    double[] sorted = sortedErrors[h];
    if (sorted == null) {
      return Double.NaN;
    }
    double threshold = fwd(capacity) - fwd(base);
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= threshold) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return (sorted.length - lo) / (double) sorted.length;
  }

  double upper(int h, double base) {
    double e = errorQuantile[h];
    if (Double.isNaN(e)) {
      return base * WARMUP_FACTOR;
    }
    return inv(fwd(base) + e);
  }

  /** Variance-stabilising power transform: square root for Poisson-like counts. */
  static double fwd(double x) {
    return Math.pow(Math.max(0, x) + 1e-3, POWER);
  }

  static double inv(double y) {
    return y <= 0 ? 0 : Math.max(0, Math.pow(y, 1 / POWER) - 1e-3);
  }

  PinballLoss loss() {
    return loss;
  }
}

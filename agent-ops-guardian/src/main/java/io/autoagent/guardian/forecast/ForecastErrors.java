package io.autoagent.guardian.forecast;

import java.util.Arrays;

/**
 * The recent errors and pinball loss of one way of forecasting the base load, per horizon, in
 * square-root space (where Poisson-like counts have about constant noise): what turns a base into a
 * quantile or a chance of exceeding a capacity. The errors are kept apart by the level of the base
 * they were made from ({@link #BINS} bins at the terciles of recent bases), because the noise of
 * busy hours is not that of quiet ones when requests come in clumps or with multiplicative jitter;
 * a bin with too few errors falls back to all of them. Not thread-safe.
 */
final class ForecastErrors {

  private static final int DAY = 1440;
  private static final int ERROR_WINDOW = 2 * DAY;
  static final int MIN_ERRORS = 60;

  /** Before enough errors are known: provision this much above the base. */
  private static final double WARMUP_FACTOR = 1.5;

  private static final double POWER = 0.5;
  static final int BINS = 3;

  private final int horizons;
  private final double quantile;

  /** Base forecasts by target minute (ring) and horizon. */
  private final double[][] pending;

  private final double[][] errors;

  /** The base each error was made from, square-root space. */
  private final double[][] bases;

  /** Upper edges of the level bins per horizon (the last bin is open). */
  private final double[][] edges;

  private final double[][] binQuantile;
  private final double[][][] binErrors;
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
    this.bases = new double[horizons + 1][ERROR_WINDOW];
    this.edges = new double[horizons + 1][];
    this.binQuantile = new double[horizons + 1][];
    this.binErrors = new double[horizons + 1][][];
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
      bases[h][errorCount[h] % ERROR_WINDOW] = fwd(base);
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
      errorQuantile[h] = quantileOf(sorted);
      sortedErrors[h] = sorted;
      refreshBins(h, n);
    }
  }

  /** Splits the errors of horizon h by the terciles of their bases. */
  private void refreshBins(int h, int n) {
    double[] levels = Arrays.copyOf(bases[h], n);
    Arrays.sort(levels);
    double[] edge = new double[BINS - 1];
    for (int b = 1; b < BINS; b++) {
      edge[b - 1] = levels[b * n / BINS];
    }
    double[][] byBin = new double[BINS][n];
    int[] sizes = new int[BINS];
    for (int i = 0; i < n; i++) {
      int b = bin(edge, bases[h][i]);
      byBin[b][sizes[b]++] = errors[h][i];
    }
    double[][] sortedBins = new double[BINS][];
    double[] quantiles = new double[BINS];
    for (int b = 0; b < BINS; b++) {
      if (sizes[b] < MIN_ERRORS) {
        sortedBins[b] = sortedErrors[h];
        quantiles[b] = errorQuantile[h];
        continue;
      }
      sortedBins[b] = Arrays.copyOf(byBin[b], sizes[b]);
      Arrays.sort(sortedBins[b]);
      quantiles[b] = quantileOf(sortedBins[b]);
    }
    edges[h] = edge;
    binErrors[h] = sortedBins;
    binQuantile[h] = quantiles;
  }

  private static int bin(double[] edge, double level) {
    int b = 0;
    while (b < edge.length && level > edge[b]) {
      b++;
    }
    return b;
  }

  private double quantileOf(double[] sorted) {
    int n = sorted.length;
    return sorted[Math.min(n - 1, Math.max(0, (int) Math.ceil(quantile * n) - 1))];
  }

  boolean calibrated() {
    return !Double.isNaN(errorQuantile[1]) && loss.weight() >= MIN_ERRORS;
  }

  double exceedance(int h, double base, double capacity) {
    if (sortedErrors[h] == null) {
      return Double.NaN;
    }
    double[] sorted = binErrors[h][bin(edges[h], fwd(base))];
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
    if (Double.isNaN(errorQuantile[h])) {
      return base * WARMUP_FACTOR;
    }
    double e = binQuantile[h][bin(edges[h], fwd(base))];
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

package io.autoagent.guardian.forecast;

import java.util.Arrays;

/**
 * An online linear regression of the load {@code h} minutes ahead on features of the minutes seen
 * so far (the last minutes, their median and weighted mean, the seasonal profile), one per horizon,
 * in square-root space (where Poisson-like counts have about constant noise). It learns how much of
 * a burst persists (a visitor reading several pages, a news spike decaying) and how much the
 * profile says, which no fixed rule does on every kind of traffic. The fit is weighted least
 * squares with exponential forgetting ({@code halfLife} minutes), refitted after every minute with
 * a small ridge so a feature that never varies cannot make it unstable. Not thread-safe.
 */
final class AutoRegression {

  private static final double RIDGE = 1e-3;

  private final int features;
  private final int horizons;
  private final double decay;

  /** Weighted X'X and X'y per horizon. */
  private final double[][][] xx;

  private final double[][] xy;
  private final double[][] weights;

  /** Feature vectors by the minute they were made after (ring), to learn from once seen. */
  private final double[][][] pendingFeatures;

  private final long[] pendingMinute;
  private double samples;

  AutoRegression(int features, int horizons, int halfLife) {
    this.features = features;
    this.horizons = horizons;
    this.decay = Math.pow(0.5, 1.0 / halfLife);
    this.xx = new double[horizons + 1][features][features];
    this.xy = new double[horizons + 1][features];
    this.weights = new double[horizons + 1][];
    this.pendingFeatures = new double[horizons + 1][][];
    this.pendingMinute = new long[horizons + 1];
    Arrays.fill(pendingMinute, Long.MIN_VALUE);
  }

  /**
   * Learns from minute m's load (square-root space) against the features recorded after minutes m -
   * h, refits, then records the features known after m, {@code x[h]} for horizon h.
   */
  void observe(long m, double target, double[][] x) {
    for (int h = 1; h <= horizons; h++) {
      int slot = (int) Math.floorMod(m - h, (long) (horizons + 1));
      if (pendingMinute[slot] != m - h) {
        continue;
      }
      double[] past = pendingFeatures[slot][h];
      for (int i = 0; i < features; i++) {
        xy[h][i] = decay * xy[h][i] + past[i] * target;
        for (int j = 0; j < features; j++) {
          xx[h][i][j] = decay * xx[h][i][j] + past[i] * past[j];
        }
      }
      if (h == 1) {
        samples = decay * samples + 1;
      }
      weights[h] = solve(xx[h], xy[h]);
    }
    int slot = (int) Math.floorMod(m, (long) (horizons + 1));
    pendingFeatures[slot] = x;
    pendingMinute[slot] = m;
  }

  /** Effective number of minutes learnt from. */
  double samples() {
    return samples;
  }

  /** The forecast (square-root space) for h minutes after the features' minute, NaN unfitted. */
  double predict(int h, double[] x) {
    double[] w = weights[h];
    if (w == null) {
      return Double.NaN;
    }
    double y = 0;
    for (int i = 0; i < features; i++) {
      y += w[i] * x[i];
    }
    return y;
  }

  /** Solves (A + ridge) w = b by Gaussian elimination with partial pivoting. */
  private double[] solve(double[][] a, double[] b) {
    int n = features;
    double[][] m = new double[n][n + 1];
    double scale = 0;
    for (int i = 0; i < n; i++) {
      scale += a[i][i];
    }
    double ridge = RIDGE * (scale / n + 1e-9);
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][i] += ridge;
      m[i][n] = b[i];
    }
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
          pivot = r;
        }
      }
      double[] tmp = m[c];
      m[c] = m[pivot];
      m[pivot] = tmp;
      if (Math.abs(m[c][c]) < 1e-12) {
        return null;
      }
      for (int r = c + 1; r < n; r++) {
        double f = m[r][c] / m[c][c];
        for (int k = c; k <= n; k++) {
          m[r][k] -= f * m[c][k];
        }
      }
    }
    double[] w = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = m[r][n];
      for (int k = r + 1; k < n; k++) {
        s -= m[r][k] * w[k];
      }
      w[r] = s / m[r][r];
    }
    return w;
  }
}

package io.autoagent.guardian.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Additive Holt-Winters (level, trend, one season). Needs two full seasons of history. The
 * smoothing factors are picked from a small grid by one-step-ahead squared error on the history
 * itself, so no per-workload tuning is needed.
 */
public final class HoltWintersForecaster implements LoadForecaster {

  private static final double[] ALPHAS = {0.1, 0.3, 0.6};
  private static final double[] BETAS = {0.0, 0.02};
  private static final double[] GAMMAS = {0.05, 0.2, 0.4};

  private final int season;

  /**
   * @param season buckets per season, for example 288 five-minute buckets for a day
   */
  public HoltWintersForecaster(int season) {
    if (season < 2) {
      throw new IllegalArgumentException("season must be at least 2 buckets");
    }
    this.season = season;
  }

  public int season() {
    return season;
  }

  @Override
  public Optional<Forecast> forecast(List<Double> history, int horizon) {
    if (history.size() < 2 * season || horizon < 1) {
      return Optional.empty();
    }
    double[] y = history.stream().mapToDouble(Double::doubleValue).toArray();
    Fit best = null;
    for (double a : ALPHAS) {
      for (double b : BETAS) {
        for (double g : GAMMAS) {
          Fit fit = fit(y, a, b, g);
          if (best == null || fit.sse < best.sse) {
            best = fit;
          }
        }
      }
    }
    List<Double> out = new ArrayList<>(horizon);
    for (int h = 1; h <= horizon; h++) {
      int idx = Math.floorMod(y.length + h - 1, season);
      out.add(best.level + h * best.trend + best.seasonal[idx]);
    }
    return Optional.of(new Forecast(Forecast.Method.HOLT_WINTERS, out));
  }

  private Fit fit(double[] y, double alpha, double beta, double gamma) {
    double first = mean(y, 0, season);
    double second = mean(y, season, 2 * season);
    double level = first;
    double trend = (second - first) / season;
    double[] seasonal = new double[season];
    for (int i = 0; i < season; i++) {
      seasonal[i] = y[i] - first;
    }
    double sse = 0;
    for (int t = season; t < y.length; t++) {
      int s = t % season;
      double predicted = level + trend + seasonal[s];
      double error = y[t] - predicted;
      sse += error * error;
      double previousLevel = level;
      level = alpha * (y[t] - seasonal[s]) + (1 - alpha) * (level + trend);
      trend = beta * (level - previousLevel) + (1 - beta) * trend;
      seasonal[s] = gamma * (y[t] - level) + (1 - gamma) * seasonal[s];
    }
    return new Fit(level, trend, seasonal, sse);
  }

  private static double mean(double[] y, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += y[i];
    }
    return sum / (to - from);
  }

  private record Fit(double level, double trend, double[] seasonal, double sse) {}
}

package io.autoagent.guardian.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Least-squares line through the last {@code window} buckets, extrapolated. */
public final class LinearTrendForecaster implements LoadForecaster {

  public static final int DEFAULT_WINDOW = 12;
  private static final int MIN_POINTS = 3;

  private final int window;

  public LinearTrendForecaster(int window) {
    if (window < MIN_POINTS) {
      throw new IllegalArgumentException("window must be at least " + MIN_POINTS);
    }
    this.window = window;
  }

  @Override
  public Optional<Forecast> forecast(List<Double> history, int horizon) {
    if (history.size() < MIN_POINTS || horizon < 1) {
      return Optional.empty();
    }
    List<Double> recent = history.subList(Math.max(0, history.size() - window), history.size());
    int n = recent.size();
    double meanX = (n - 1) / 2.0;
    double meanY = recent.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      sxy += (i - meanX) * (recent.get(i) - meanY);
      sxx += (i - meanX) * (i - meanX);
    }
    double slope = sxx == 0 ? 0 : sxy / sxx;
    List<Double> out = new ArrayList<>(horizon);
    for (int h = 1; h <= horizon; h++) {
      out.add(meanY + slope * (n - 1 + h - meanX));
    }
    return Optional.of(new Forecast(Forecast.Method.LINEAR, out));
  }
}

package io.autoagent.guardian.forecast;

import java.util.List;
import java.util.Objects;

/**
 * Predicted load for the next buckets, nearest first, never negative.
 *
 * @param method how it was made
 * @param values one value per future bucket
 */
public record Forecast(Method method, List<Double> values) {

  /** The model behind a forecast. */
  public enum Method {
    HOLT_WINTERS,
    LINEAR
  }

  public Forecast {
    Objects.requireNonNull(method, "method");
    values = values.stream().map(v -> Double.isFinite(v) ? Math.max(0, v) : 0).toList();
    if (values.isEmpty()) {
      throw new IllegalArgumentException("a forecast needs at least one value");
    }
  }

  /** The highest predicted load over the horizon: what capacity must cover. */
  public double peak() {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  public double last() {
    return values.get(values.size() - 1);
  }
}

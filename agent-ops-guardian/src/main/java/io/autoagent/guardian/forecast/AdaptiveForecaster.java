package io.autoagent.guardian.forecast;

import java.util.List;
import java.util.Optional;

/** Holt-Winters once two seasons of history exist, a linear trend before that. */
public final class AdaptiveForecaster implements LoadForecaster {

  private final HoltWintersForecaster seasonal;
  private final LinearTrendForecaster linear;

  public AdaptiveForecaster(HoltWintersForecaster seasonal, LinearTrendForecaster linear) {
    this.seasonal = seasonal;
    this.linear = linear;
  }

  /** Daily season over buckets of the given length in minutes. */
  public static AdaptiveForecaster daily(int bucketMinutes) {
    return new AdaptiveForecaster(
        new HoltWintersForecaster(24 * 60 / bucketMinutes),
        new LinearTrendForecaster(LinearTrendForecaster.DEFAULT_WINDOW));
  }

  @Override
  public Optional<Forecast> forecast(List<Double> history, int horizon) {
    return seasonal.forecast(history, horizon).or(() -> linear.forecast(history, horizon));
  }
}

package io.autoagent.guardian.forecast;

import java.util.List;
import java.util.Optional;

/** Forecasts a load series. Implementations are pure functions of their input and thread-safe. */
public interface LoadForecaster {

  /**
   * @param history closed bucket values, oldest first
   * @param horizon how many buckets ahead to predict, at least 1
   * @return the forecast, or empty when the history is too short for this method
   */
  Optional<Forecast> forecast(List<Double> history, int horizon);
}

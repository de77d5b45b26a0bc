package io.autoagent.guardian.decision;

import io.autoagent.guardian.forecast.Forecast;
import io.autoagent.guardian.forecast.LoadForecaster;
import io.autoagent.guardian.signals.LoadSeries;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Refreshes a workload's forecast each time a load bucket closes, and scores the forecast made
 * {@code horizonBuckets} earlier against what happened.
 */
final class Predictor {

  private final LoadForecaster forecaster;
  private final ForecastSettings settings;

  Predictor(LoadForecaster forecaster, ForecastSettings settings) {
    this.forecaster = forecaster;
    this.settings = settings;
  }

  /** The current forecast, when there is one and the workload is not demoted. */
  Optional<Forecast> update(WorkloadState state) {
    LoadSeries.Snapshot load = state.history.loadSnapshot();
    Instant closedUntil =
        load.lastClosedStart() == null ? null : load.lastClosedStart().plus(load.bucket());
    if (closedUntil != null && !closedUntil.equals(state.lastClosedUntil)) {
      state.lastClosedUntil = closedUntil;
      List<Double> values = load.values();
      state.accuracy.observe(load.lastClosedStart(), values.get(values.size() - 1));
      int horizon = settings.horizonBuckets();
      state.forecast = forecaster.forecast(values, horizon).orElse(null);
      if (state.forecast != null) {
        Instant scored = closedUntil.plus(load.bucket().multipliedBy(horizon - 1L));
        state.accuracy.expect(scored, state.forecast.last());
      }
    }
    if (state.forecast == null || state.accuracy.demoted()) {
      return Optional.empty();
    }
    return Optional.of(state.forecast);
  }
}

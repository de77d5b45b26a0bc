package io.autoagent.guardian.decision;

import io.autoagent.guardian.forecast.Forecast;
import io.autoagent.guardian.forecast.ForecastAccuracy;
import io.autoagent.guardian.signals.WorkloadHistory;
import java.time.Instant;

/** Everything the engine remembers about one workload. Guarded by the engine. */
final class WorkloadState {

  final WorkloadHistory history;
  final LoadEstimator estimator = new LoadEstimator();
  final ForecastAccuracy accuracy;
  final Damper damper;
  Forecast forecast;
  Instant lastClosedUntil;

  WorkloadState(WorkloadHistory history, ForecastSettings settings, Damping damping) {
    this.history = history;
    this.accuracy =
        new ForecastAccuracy(settings.mapeWindow(), settings.mapeMinSamples(), settings.maxMape());
    this.damper = new Damper(damping);
  }
}

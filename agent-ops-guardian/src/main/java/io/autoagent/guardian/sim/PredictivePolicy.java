package io.autoagent.guardian.sim;

import io.autoagent.guardian.decision.PredictiveScaler;
import io.autoagent.guardian.decision.PredictiveSettings;

/** The {@link PredictiveScaler}, fed the simulated load every tick. */
public final class PredictivePolicy implements ScalingPolicy {

  private final String name;
  private final PredictiveSettings settings;
  private PredictiveScaler scaler;

  public PredictivePolicy(String name, PredictiveSettings settings) {
    this.name = name;
    this.settings = settings;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void prepare(TrafficTrace trace, ServiceModel model) {
    scaler = new PredictiveScaler(settings, trace.start(), model.startupSeconds(), periodSeconds());
  }

  @Override
  public int decide(SimObservation o) {
    return scaler.decide(o.time(), o.load(), o.ready(), o.desired());
  }
}

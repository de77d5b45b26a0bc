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
    scaler =
        new PredictiveScaler(
            forObjective(settings, model), trace.start(), model.startupSeconds(), periodSeconds());
  }

  /**
   * The settings for the model's latency objective: the defaults plan for 86 % utilisation, where
   * the model's latency meets 500 ms; a tighter objective (400 ms: 83.6 %) lowers the plan, the
   * reactive rule and its target to just below the utilisation that meets it. A looser one keeps
   * them.
   */
  static PredictiveSettings forObjective(PredictiveSettings settings, ServiceModel model) {
    return settings.forLatencyObjective(model.sloMs());
  }

  @Override
  public int decide(SimObservation o) {
    return scaler.decide(o.time(), o.load(), o.ready(), o.desired());
  }
}

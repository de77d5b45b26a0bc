package io.autoagent.guardian.sim;

/**
 * A policy under evaluation. The simulator calls {@link #decide} every {@link #periodSeconds} with
 * the metrics of the period just ended; the answer is clamped to the model's bounds. Instances keep
 * state: one per replay.
 */
public interface ScalingPolicy {

  /** The name reports use, as given on the command line ({@code hpa}, {@code oracle}, ...). */
  String name();

  /** How often the policy acts, a multiple of {@link ServiceModel#TICK_SECONDS}. */
  default int periodSeconds() {
    return ServiceModel.TICK_SECONDS;
  }

  /** Called once before the replay with the trace; only the oracle may look ahead in it. */
  default void prepare(TrafficTrace trace, ServiceModel model) {}

  int decide(SimObservation observation);
}

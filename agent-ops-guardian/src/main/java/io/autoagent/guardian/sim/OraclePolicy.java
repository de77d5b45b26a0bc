package io.autoagent.guardian.sim;

/**
 * The lower bound: knows the coming load and keeps exactly the ready pods that hold latency at the
 * SLO for everything up to the start-up time plus one tick ahead, removing pods the moment they are
 * no longer needed. Only a load beyond what the maximum replicas serve makes it violate, and then
 * every policy violates.
 */
public final class OraclePolicy implements ScalingPolicy {

  private final String name;
  private TrafficTrace trace;
  private ServiceModel model;

  public OraclePolicy(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void prepare(TrafficTrace trace, ServiceModel model) {
    this.trace = trace;
    this.model = model;
  }

  @Override
  public int decide(SimObservation o) {
    long now = o.elapsedSeconds();
    int first = (int) (now / 60);
    int last = (int) ((now + model.startupSeconds() + ServiceModel.TICK_SECONDS) / 60);
    double peak = 0;
    for (int m = first; m <= Math.min(last, trace.minutes() - 1); m++) {
      peak = Math.max(peak, trace.at(m));
    }
    // a hair below the SLO utilisation so rounding never lets a tick slip over it
    return (int) Math.ceil(peak / (model.sloUtilisation() * 0.999) - 1e-9);
  }
}

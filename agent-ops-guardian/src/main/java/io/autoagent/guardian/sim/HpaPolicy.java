package io.autoagent.guardian.sim;

import io.autoagent.guardian.decision.HpaAlgorithm;

/**
 * The Kubernetes HPA (autoscaling/v2) on CPU with its real defaults: a 15 s sync period, target 70
 * % of the request, tolerance 0.1, desired = ceil(ready * utilisation / target), pods still
 * starting counted at 0 % on a scale-up (so it does not overshoot while they start), scale-up
 * limited to the larger of 100 % and 4 pods per 15 s with no stabilisation, scale-down to the
 * highest recommendation of the last 300 s, at most 100 % per 15 s ({@link HpaAlgorithm}).
 */
public final class HpaPolicy implements ScalingPolicy {

  public static final double TARGET_PERCENT = 70;

  private final String name;
  private final HpaAlgorithm hpa = new HpaAlgorithm();

  public HpaPolicy(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int decide(SimObservation o) {
    return hpa.next(
        o.elapsedSeconds(), o.cpuPercent() / TARGET_PERCENT, o.desired(), o.measuredReady());
  }
}

package io.autoagent.guardian.sim;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The Kubernetes HPA (autoscaling/v2) on CPU with its real defaults: a 15 s sync period, target 70
 * % of the request, tolerance 0.1, desired = ceil(ready * utilisation / target), pods still
 * starting counted at 0 % on a scale-up (so it does not overshoot while they start), scale-up
 * limited to the larger of 100 % and 4 pods per 15 s with no stabilisation, scale-down to the
 * highest recommendation of the last 300 s, at most 100 % per 15 s.
 */
public final class HpaPolicy implements ScalingPolicy {

  public static final double TARGET_PERCENT = 70;
  public static final double TOLERANCE = 0.1;
  public static final int DOWN_STABILIZATION_SECONDS = 300;

  private final String name;
  private final Deque<long[]> recommendations = new ArrayDeque<>();

  public HpaPolicy(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int decide(SimObservation o) {
    int current = o.desired();
    int recommendation = recommend(o, current);
    long now = o.elapsedSeconds();
    recommendations.addLast(new long[] {now, recommendation});
    while (recommendations.peekFirst()[0] < now - DOWN_STABILIZATION_SECONDS) {
      recommendations.removeFirst();
    }
    if (recommendation > current) {
      return Math.min(recommendation, Math.max(2 * current, current + 4));
    }
    long stabilized = recommendations.stream().mapToLong(r -> r[1]).max().orElse(current);
    return (int) Math.min(current, stabilized);
  }

  private static int recommend(SimObservation o, int current) {
    int measured = o.measuredReady();
    if (measured == 0) {
      return current;
    }
    double ratio = o.cpuPercent() / TARGET_PERCENT;
    int unready = Math.max(0, current - measured);
    if (ratio > 1 && unready > 0) {
      // starting pods use 0 % of their request while they start
      double adjusted = ratio * measured / (measured + unready);
      if (adjusted <= 1 || Math.abs(adjusted - 1) <= TOLERANCE) {
        return current;
      }
      return (int) Math.ceil(adjusted * (measured + unready) - 1e-9);
    }
    if (Math.abs(ratio - 1) <= TOLERANCE) {
      return current;
    }
    return Math.max(1, (int) Math.ceil(ratio * measured - 1e-9));
  }
}

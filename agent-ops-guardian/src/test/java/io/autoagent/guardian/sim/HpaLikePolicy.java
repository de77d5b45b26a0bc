package io.autoagent.guardian.sim;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The Kubernetes HPA's algorithm on CPU, with its defaults: target 70 %, tolerance 0.1,
 * desired = ceil(current * utilisation / target), scale-down to the highest recommendation of the
 * last 300 s, scale-up limited to max(100 %, 4 pods) per 15 s period (never binding at a 1-minute
 * cadence), bounds 1..10.
 */
final class HpaLikePolicy implements ScalingPolicy {

  private static final double TARGET = 70;
  private static final double TOLERANCE = 0.1;
  private static final int DOWN_WINDOW_MINUTES = 5;

  private final int min;
  private final int max;
  private final Deque<Integer> recommendations = new ArrayDeque<>();
  private int current;

  HpaLikePolicy(int min, int max, int initial) {
    this.min = min;
    this.max = max;
    this.current = initial;
  }

  @Override
  public String name() {
    return "HPA-like (70 % CPU)";
  }

  @Override
  public int initialReplicas() {
    return current;
  }

  @Override
  public int decide(SimObservation o) {
    double ratio = o.cpuPercent() / TARGET;
    int recommendation = Math.abs(ratio - 1) <= TOLERANCE ? current
        : (int) Math.ceil(o.ready() * ratio - 1e-9);
    recommendation = Math.max(min, Math.min(max, recommendation));
    recommendations.addLast(recommendation);
    while (recommendations.size() > DOWN_WINDOW_MINUTES) {
      recommendations.removeFirst();
    }
    int next;
    if (recommendation > current) {
      next = Math.min(recommendation, Math.max(2 * current, current + 4));
    } else {
      int stabilized = recommendations.stream().mapToInt(Integer::intValue).max().orElse(current);
      next = Math.min(current, stabilized);
    }
    current = next;
    return current;
  }
}

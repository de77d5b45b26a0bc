package io.autoagent.guardian.decision;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The Kubernetes HPA's (autoscaling/v2) replica algorithm with its real defaults, once: tolerance
 * 0.1, desired = ceil(ready * utilisation / target), pods still starting counted at 0 % on a
 * scale-up (so it does not overshoot while they start), scale-up limited to the larger of 100 % and
 * 4 pods per step with no stabilisation, scale-down to the highest recommendation of the last 300
 * s. The backtest's HPA-like policy and the predictive scaler's pod budget both run it. Not
 * thread-safe: it remembers its recent recommendations.
 */
public final class HpaAlgorithm {

  public static final double TOLERANCE = 0.1;
  public static final int DOWN_STABILIZATION_SECONDS = 300;

  /** {@code [second, recommendation]} of the last {@link #DOWN_STABILIZATION_SECONDS}. */
  private final Deque<long[]> recommendations = new ArrayDeque<>();

  /**
   * The replicas the HPA sets at {@code nowSeconds}.
   *
   * @param ratio the measured ready pods' utilisation over the target (1 is on target); not read
   *     when {@code ready} is 0
   * @param current the replicas desired now (pods starting included)
   * @param ready the pods whose utilisation was measured
   */
  public int next(long nowSeconds, double ratio, int current, int ready) {
    int recommendation = recommend(ratio, current, ready);
    recommendations.addLast(new long[] {nowSeconds, recommendation});
    while (recommendations.peekFirst()[0] < nowSeconds - DOWN_STABILIZATION_SECONDS) {
      recommendations.removeFirst();
    }
    if (recommendation > current) {
      return Math.min(recommendation, Math.max(2 * current, current + 4));
    }
    long stabilized = recommendations.stream().mapToLong(r -> r[1]).max().orElse(current);
    return (int) Math.min(current, stabilized);
  }

  private static int recommend(double ratio, int current, int ready) {
    if (ready == 0) {
      return current;
    }
    int unready = Math.max(0, current - ready);
    if (ratio > 1 && unready > 0) {
      // starting pods use 0 % of their request while they start
      double adjusted = ratio * ready / (ready + unready);
      if (adjusted <= 1 || Math.abs(adjusted - 1) <= TOLERANCE) {
        return current;
      }
      return (int) Math.ceil(adjusted * (ready + unready) - 1e-9);
    }
    if (Math.abs(ratio - 1) <= TOLERANCE) {
      return current;
    }
    return Math.max(1, (int) Math.ceil(ratio * ready - 1e-9));
  }
}

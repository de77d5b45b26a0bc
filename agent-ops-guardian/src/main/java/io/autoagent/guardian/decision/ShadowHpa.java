package io.autoagent.guardian.decision;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The replicas the Kubernetes HPA on CPU with its defaults would keep for the observed load, the
 * pod budget of the {@link PredictiveScaler}: a replay of the HPA's algorithm (target 70 % of the
 * request, tolerance 0.1, pods still starting counted at 0 % on a scale-up, scale-up limited to the
 * larger of 100 % and 4 pods, scale-down to the highest recommendation of the last 300 s) against
 * pods of its own that serve after the measured start-up, their CPU saturating at 100 %. It runs at
 * the scaler's period, so it matches the real HPA's 15 s sync only approximately ({@link
 * HpaAlgorithm}). Not thread-safe.
 */
final class ShadowHpa {

  private static final double TARGET = 0.7;

  private final HpaAlgorithm hpa = new HpaAlgorithm();

  /** When each of its pods is ready, in epoch seconds, oldest first. */
  private final Deque<Long> readyAt = new ArrayDeque<>();

  private final int periodSeconds;

  /**
   * @param periodSeconds how often {@link #update} is called: the load's averaging period
   */
  ShadowHpa(int periodSeconds) {
    this.periodSeconds = periodSeconds;
    readyAt.add(Long.MIN_VALUE);
  }

  /**
   * Updates with the load (pods' worth of work) of the period ending at {@code epochSecond}.
   *
   * @param startupSeconds how long a new pod takes to serve
   * @return the HPA's replicas now
   */
  int update(long epochSecond, double load, int startupSeconds) {
    int replicas = readyAt.size();
    // the pods that served the period just measured
    int ready = (int) readyAt.stream().filter(t -> t <= epochSecond - periodSeconds).count();
    // CPU saturates at 100 % of the request; not read when no pod is ready
    double ratio = ready == 0 ? 0 : Math.min(1, load / ready) / TARGET;
    int next = hpa.next(epochSecond, ratio, replicas, ready);
    while (readyAt.size() < next) {
      readyAt.addLast(epochSecond + startupSeconds);
    }
    while (readyAt.size() > Math.max(1, next)) {
      readyAt.removeLast(); // the newest go first, as a ReplicaSet removes unready pods first
    }
    return readyAt.size();
  }
}

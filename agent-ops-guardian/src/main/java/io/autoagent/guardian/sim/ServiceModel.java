package io.autoagent.guardian.sim;

import io.autoagent.guardian.decision.LatencyCurve;

/**
 * The simulated service. Each ready pod serves 1.0 unit of load at 100 % of its CPU request
 * (request equals limit, so CPU saturates at 100 %). Latency is flat ({@code baseLatencyMs}) up to
 * 70 % utilisation and then rises like a queue, {@code base * (1 + 2 (u - 0.7) / (1 - u))}: 500 ms
 * near 86 %, a timeout (5 s) from 98 %; load beyond capacity fails. A new pod serves only after
 * {@code startupSeconds}; a removed pod stops at once.
 *
 * @param startupSeconds pod start-up until ready (30)
 * @param sloMs latency objective; a tick slower than this is a violation (500)
 * @param minReplicas lower bound for every policy (1)
 * @param maxReplicas upper bound for every policy (10)
 * @param initialReplicas replicas at the start of the replay (2)
 */
public record ServiceModel(
    int startupSeconds, double sloMs, int minReplicas, int maxReplicas, int initialReplicas) {

  public static final double BASE_LATENCY_MS = LatencyCurve.BASE_LATENCY_MS;
  public static final double KNEE = LatencyCurve.KNEE;
  public static final double TIMEOUT_MS = 5000;
  public static final double TIMEOUT_UTILISATION = LatencyCurve.TIMEOUT_UTILISATION;

  /** Simulation step: the HPA's sync period. */
  public static final int TICK_SECONDS = 15;

  public static final ServiceModel DEFAULTS = new ServiceModel(30, 500, 1, 10, 2);

  public ServiceModel {
    if (startupSeconds < 0) {
      throw new IllegalArgumentException("startup must not be negative: " + startupSeconds);
    }
    if (!(sloMs > BASE_LATENCY_MS)) {
      throw new IllegalArgumentException(
          "SLO must be above the base latency of " + (int) BASE_LATENCY_MS + " ms: " + sloMs);
    }
    if (minReplicas < 1 || maxReplicas < minReplicas) {
      throw new IllegalArgumentException(
          "need 1 <= min <= max, got min " + minReplicas + " max " + maxReplicas);
    }
    initialReplicas = Math.max(minReplicas, Math.min(maxReplicas, initialReplicas));
  }

  public ServiceModel withStartup(int seconds) {
    return new ServiceModel(seconds, sloMs, minReplicas, maxReplicas, initialReplicas);
  }

  public ServiceModel withSlo(double ms) {
    return new ServiceModel(startupSeconds, ms, minReplicas, maxReplicas, initialReplicas);
  }

  public ServiceModel withBounds(int min, int max) {
    return new ServiceModel(startupSeconds, sloMs, min, max, initialReplicas);
  }

  public int clamp(int replicas) {
    return Math.max(minReplicas, Math.min(maxReplicas, replicas));
  }

  /** Latency at utilisation {@code u} (load over ready pods). */
  public static double latencyMs(double u) {
    if (u <= KNEE) {
      return BASE_LATENCY_MS;
    }
    if (u >= TIMEOUT_UTILISATION) {
      return TIMEOUT_MS;
    }
    return Math.min(TIMEOUT_MS, BASE_LATENCY_MS * (1 + 2 * (u - KNEE) / (1 - u)));
  }

  /** The highest utilisation whose latency still meets the SLO (0.8615 for 500 ms). */
  public double sloUtilisation() {
    return LatencyCurve.utilisationFor(sloMs);
  }

  public static double errorPercent(double u) {
    return u <= 1 ? 0 : 100 * (u - 1) / u;
  }
}

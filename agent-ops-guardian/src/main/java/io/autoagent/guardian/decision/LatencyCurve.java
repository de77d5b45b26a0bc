package io.autoagent.guardian.decision;

/**
 * The latency a pod's utilisation is assumed to give, shared by the backtest's simulated service
 * and the predictive scaler's plan: flat ({@value #BASE_LATENCY_MS} ms) up to {@value #KNEE} of the
 * CPU request, then rising like a queue, {@code base * (1 + 2 (u - knee) / (1 - u))}: 500 ms at 86
 * %, a timeout from {@value #TIMEOUT_UTILISATION}.
 */
public final class LatencyCurve {

  public static final double BASE_LATENCY_MS = 150;
  public static final double KNEE = 0.7;
  public static final double TIMEOUT_UTILISATION = 0.98;

  private LatencyCurve() {}

  /**
   * The highest utilisation whose latency still meets {@code sloMs} (0.8615 for 500 ms, 0.8 for 300
   * ms), at most just below the timeout's.
   *
   * @throws IllegalArgumentException when the objective is not above the base latency
   */
  public static double utilisationFor(double sloMs) {
    if (!(sloMs > BASE_LATENCY_MS)) {
      throw new IllegalArgumentException(
          "latency objective must be above the base latency of "
              + (int) BASE_LATENCY_MS
              + " ms: "
              + sloMs);
    }
    if (Double.isInfinite(sloMs)) {
      return TIMEOUT_UTILISATION - 1e-9; // no objective: the cap
    }
    double r = sloMs / BASE_LATENCY_MS - 1; // 2 (u - k) / (1 - u) = r
    double u = (r + 2 * KNEE) / (r + 2);
    return Math.min(u, TIMEOUT_UTILISATION - 1e-9);
  }
}

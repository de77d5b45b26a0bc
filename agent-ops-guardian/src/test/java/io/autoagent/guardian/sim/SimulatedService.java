package io.autoagent.guardian.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A service whose pods each serve 1.0 unit of load at 100 % of their CPU request (request equals
 * limit, so CPU saturates at 100 %). Latency is flat (150 ms) up to 70 % CPU and then rises like a
 * queue, base * (1 + 2 (u - 0.7) / (1 - u)), reaching 500 ms near 86 % and timing out (5 s) at
 * saturation; offered load beyond capacity fails. New pods serve only after a 30 s start-up;
 * removed pods stop at once. Time advances in 30 s halves of each 1-minute trace step.
 */
final class SimulatedService {

  static final double BASE_LATENCY_MS = 150;
  static final double TIMEOUT_MS = 5000;
  static final double REQUESTS_PER_POD_UNIT = 50;
  static final int STARTUP_SECONDS = 30;
  static final int HALF = 30;

  private int ready;
  /** Start times (seconds) of pods still starting. */
  private final List<Long> starting = new ArrayList<>();

  SimulatedService(int replicas) {
    this.ready = replicas;
  }

  int desired() {
    return ready + starting.size();
  }

  int ready() {
    return ready;
  }

  void scaleTo(int replicas, long nowSeconds) {
    int delta = replicas - desired();
    for (int i = 0; i < delta; i++) {
      starting.add(nowSeconds);
    }
    for (int i = 0; i < -delta; i++) {
      if (!starting.isEmpty()) {
        starting.remove(starting.size() - 1);
      } else {
        ready--;
      }
    }
  }

  /** Pods whose start-up has finished by {@code nowSeconds} begin serving. */
  void promote(long nowSeconds) {
    starting.removeIf(started -> {
      if (nowSeconds - started >= STARTUP_SECONDS) {
        ready++;
        return true;
      }
      return false;
    });
  }

  static double utilisation(double load, int ready) {
    return ready == 0 ? Double.POSITIVE_INFINITY : load / ready;
  }

  static double latencyMs(double u) {
    if (u <= 0.7) {
      return BASE_LATENCY_MS;
    }
    if (u >= 0.98) {
      return TIMEOUT_MS;
    }
    return Math.min(TIMEOUT_MS, BASE_LATENCY_MS * (1 + 2 * (u - 0.7) / (1 - u)));
  }

  static double errorPercent(double u) {
    return u <= 1 ? 0 : 100 * (u - 1) / u;
  }
}

package io.autoagent.guardian.sim;

import java.time.Instant;

/**
 * Offered load per minute, in pods' worth of work (1.0 keeps one pod at 100 % of its CPU request).
 */
record TrafficTrace(String name, Instant start, double[] load) {

  double at(int minute) {
    return load[minute];
  }

  int minutes() {
    return load.length;
  }
}

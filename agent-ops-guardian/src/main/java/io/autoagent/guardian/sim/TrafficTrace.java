package io.autoagent.guardian.sim;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Offered load per minute, in pods' worth of work: 1.0 keeps one pod at 100 % of its CPU request.
 *
 * @param name shown in reports
 * @param start the first minute's start (seasonal models read the time of day and week from it)
 * @param load one value per minute, never negative
 */
public record TrafficTrace(String name, Instant start, double[] load) {

  public TrafficTrace {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(start, "start");
    load = load.clone();
    for (int i = 0; i < load.length; i++) {
      if (!Double.isFinite(load[i]) || load[i] < 0) {
        throw new IllegalArgumentException("load at minute " + i + " is " + load[i]);
      }
    }
  }

  public double at(int minute) {
    return load[minute];
  }

  public int minutes() {
    return load.length;
  }

  /** Minutes {@code from} (inclusive) to {@code to} (exclusive), renamed. */
  public TrafficTrace window(int from, int to, String label) {
    return new TrafficTrace(
        label, start.plusSeconds(60L * from), Arrays.copyOfRange(load, from, to));
  }

  /** The same shape multiplied by {@code factor}. */
  public TrafficTrace scaled(double factor) {
    double[] out = new double[load.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = load[i] * factor;
    }
    return new TrafficTrace(name, start, out);
  }

  /** The value below which {@code q} (0..1) of the minutes fall (nearest rank). */
  public double quantile(double q) {
    if (load.length == 0) {
      return 0;
    }
    double[] sorted = load.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrafficTrace t
        && name.equals(t.name)
        && start.equals(t.start)
        && Arrays.equals(load, t.load);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, start, Arrays.hashCode(load));
  }

  @Override
  public String toString() {
    return "TrafficTrace[" + name + ", " + start + ", " + load.length + " min]";
  }
}

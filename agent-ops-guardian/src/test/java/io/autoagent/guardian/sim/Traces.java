package io.autoagent.guardian.sim;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Random;

/**
 * Synthetic banking traffic, written down before any policy was run against it: a quiet night, a
 * morning ramp, a lunch rush that starts sharply at noon, an evening decline, half-load weekends,
 * month-end (+20 %) and payroll-day (+60 %) business hours, 4 % per-minute noise.
 */
final class Traces {

  /** Monday 25 May 2026: the fortnight holds a month end, a weekend and the 1 June payroll. */
  static final Instant START = Instant.parse("2026-05-25T00:00:00Z");
  static final int DAYS = 14;
  static final double NOISE = 0.04;

  private Traces() {}

  static TrafficTrace seasonal(long seed) {
    return build("seasonal", seed, 0, 1.0);
  }

  /** The seasonal trace with two sudden, unannounced spikes (x2.5 for 20 minutes). */
  static TrafficTrace spike(long seed) {
    TrafficTrace base = build("spike", seed, 0, 1.0);
    double[] load = base.load().clone();
    for (int start : new int[] {3 * 1440 + 15 * 60 + 7, 9 * 1440 + 10 * 60 + 41}) {
      for (int m = start; m < start + 20; m++) {
        load[m] *= 2.5;
      }
    }
    return new TrafficTrace("spike", START, load);
  }

  /** The seasonal trace fading slowly: 40 % less traffic by the last day. */
  static TrafficTrace decline(long seed) {
    return build("slow decline", seed, 0.4, 1.0);
  }

  private static TrafficTrace build(String name, long seed, double decline, double scale) {
    Random random = new Random(seed);
    int minutes = DAYS * 1440;
    double[] load = new double[minutes];
    for (int m = 0; m < minutes; m++) {
      ZonedDateTime t = START.plusSeconds(60L * m).atZone(ZoneOffset.UTC);
      double trend = 1 - decline * m / (double) minutes;
      double noise = 1 + NOISE * random.nextGaussian();
      load[m] = Math.max(0.05, scale * trend * shape(t) * noise);
    }
    return new TrafficTrace(name, START, load);
  }

  /** Noise-free load at a local time. */
  static double shape(ZonedDateTime t) {
    double h = t.getHour() + t.getMinute() / 60.0;
    boolean weekend = t.getDayOfWeek() == DayOfWeek.SATURDAY
        || t.getDayOfWeek() == DayOfWeek.SUNDAY;
    double day = ramp(h, 7.0, 9.5, 0.6, 2.5);
    day = h >= 17 ? ramp(h, 17.0, 20.0, 2.5, 1.0) : day;
    day = h >= 20 ? ramp(h, 20.0, 24.0, 1.0, 0.6) : day;
    double lunch = 1.8 * ramp(h, 11.85, 12.15, 0, 1) * (1 - ramp(h, 13.75, 14.25, 0, 1));
    double load = day + lunch;
    if (weekend) {
      return 0.5 * load;
    }
    LocalDate date = t.toLocalDate();
    boolean business = h >= 8 && h < 17;
    if (business && date.getDayOfMonth() == 1) {
      // payroll: deposits land at 08:00, customers check balances in a rush
      load *= 1 + 0.6 * ramp(h, 8.0, 8.5, 0, 1);
    } else if (business && date.getDayOfMonth() >= 28) {
      load *= 1.2;
    }
    return load;
  }

  /** Smooth (cosine) move from {@code from} to {@code to} between hours a and b. */
  private static double ramp(double h, double a, double b, double from, double to) {
    if (h <= a) {
      return from;
    }
    if (h >= b) {
      return to;
    }
    double x = (h - a) / (b - a);
    return from + (to - from) * (1 - Math.cos(Math.PI * x)) / 2;
  }
}

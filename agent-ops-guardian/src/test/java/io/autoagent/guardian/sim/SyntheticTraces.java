package io.autoagent.guardian.sim;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Random;

/**
 * Realistic synthetic request counts per minute for 28 days, written down before any policy was
 * tuned on them. Seeds 1-3 tune, seeds 101-103 verify (held out).
 *
 * <ul>
 *   <li>web server: a strong daily cycle (quiet night at a tenth of the afternoon peak), weekends
 *       at about half, day-to-day drift, a low volume (about 4-6 new visits in a peak minute), and
 *       heavy-tailed bursts (Pareto height and length, two a day); visits arrive as a Poisson
 *       process and read a heavy-tailed number of pages about 40 s apart, each page a clump of
 *       requests (the page and its images), so minutes are far noisier than Poisson and a busy
 *       visitor shows over several minutes;
 *   <li>social stream: a weaker daily cycle, growth over the four weeks, correlated and independent
 *       log-normal noise on top of Poisson counts, and news spikes (up to several times the load,
 *       decaying over tens of minutes).
 * </ul>
 */
public final class SyntheticTraces {

  static final Instant START = Instant.parse("2026-03-02T00:00:00Z"); // a Monday
  static final int DAYS = 28;
  static final int MINUTES = DAYS * 1440;

  private SyntheticTraces() {}

  static TrafficTrace webServer(long seed) {
    Random random = new Random(seed);
    double peakSessions = 4 + 2 * random.nextDouble();
    double[] burst = bursts(random, 2.0, 0.5, 1.4, 3.0);
    double dayLevel = 1;
    double[] counts = new double[MINUTES + 1];
    // 4-6 new visits a minute at the daily peak
    for (int m = 0; m < MINUTES; m++) {
      ZonedDateTime t = START.plusSeconds(60L * m).atZone(ZoneOffset.UTC);
      if (m % 1440 == 0) {
        dayLevel = 0.7 * dayLevel + 0.3 * (1 + 0.12 * random.nextGaussian());
      }
      double h = t.getHour() + t.getMinute() / 60.0;
      double daily =
          0.08 + 0.55 * bump(h, 11, 2.5) + 0.75 * bump(h, 15, 3.0) + 0.25 * bump(h, 20.5, 1.5);
      double weekly = weekend(t) ? 0.5 : t.getDayOfWeek() == DayOfWeek.FRIDAY ? 0.85 : 1.0;
      double lambda = peakSessions * daily * weekly * dayLevel * burst[m];
      // a visit reads a few pages (heavy-tailed), about 40 s apart; each page is a clump of
      // requests (the page and its images)
      int sessions = (int) poisson(random, lambda);
      for (int s = 0; s < sessions; s++) {
        int pages = (int) Math.min(200, Math.floor(Math.pow(1 - random.nextDouble(), -1 / 1.3)));
        double at = m + random.nextDouble();
        for (int p = 0; p < pages && at < MINUTES; p++) {
          counts[(int) at] +=
              1 + Math.floor(4 * Math.pow(1 - random.nextDouble(), -1 / 2.5) - 4) + 3;
          at += -Math.log(1 - random.nextDouble()) * 40 / 60.0;
        }
      }
    }
    return new TrafficTrace("web-server-" + seed, START, java.util.Arrays.copyOf(counts, MINUTES));
  }

  static TrafficTrace socialStream(long seed) {
    Random random = new Random(seed);
    double base = 300 + 200 * random.nextDouble();
    double[] spike = spikes(random, 2.0);
    double ar = 0;
    double[] counts = new double[MINUTES];
    for (int m = 0; m < MINUTES; m++) {
      ZonedDateTime t = START.plusSeconds(60L * m).atZone(ZoneOffset.UTC);
      double h = t.getHour() + t.getMinute() / 60.0;
      double daily = 0.45 + 0.55 * (0.5 - 0.5 * Math.cos(2 * Math.PI * (h - 4) / 24));
      double weekly = weekend(t) ? 1.15 : 1.0;
      double trend = 1 + 0.35 * m / (double) MINUTES;
      ar = 0.8 * ar + 0.12 * random.nextGaussian();
      double jitter = Math.exp(0.15 * random.nextGaussian());
      double lambda = base * daily * weekly * trend * spike[m] * Math.exp(ar) * jitter;
      counts[m] = poisson(random, lambda);
    }
    return new TrafficTrace("social-stream-" + seed, START, counts);
  }

  /**
   * A stand-in for traffic none of the policies was tuned on, different from {@link #webServer}: a
   * busier site (20-30 new visits a minute at the peak, each page a clump of about five requests),
   * so minute counts are smoother but still clumpy; robots that crawl at a steady 20-80 requests a
   * minute for 10-120 minutes, a few times a day at any hour; 15 % growth over the four weeks; a
   * public holiday (day 3, a Thursday, at weekend level); and a 30-hour outage with no requests at
   * all from day 17, 14:00 (a logging gap, as real server logs have).
   */
  static TrafficTrace busyWebServer(long seed) {
    Random random = new Random(seed);
    double peakSessions = 20 + 10 * random.nextDouble();
    double[] counts = new double[MINUTES + 1];
    double dayLevel = 1;
    int robotLeft = 0;
    double robotRate = 0;
    for (int m = 0; m < MINUTES; m++) {
      ZonedDateTime t = START.plusSeconds(60L * m).atZone(ZoneOffset.UTC);
      if (m % 1440 == 0) {
        dayLevel = 0.6 * dayLevel + 0.4 * (1 + 0.1 * random.nextGaussian());
      }
      double h = t.getHour() + t.getMinute() / 60.0;
      double daily = 0.15 + 0.85 * bump(h, 14, 3.5) + 0.3 * bump(h, 9.5, 1.5);
      boolean holiday = m / 1440 == 3;
      double weekly = weekend(t) || holiday ? 0.55 : 1.0;
      double growth = 1 + 0.15 * m / (double) MINUTES;
      double lambda = peakSessions * daily * weekly * dayLevel * growth;
      int sessions = (int) poisson(random, lambda);
      for (int s = 0; s < sessions; s++) {
        int pages = (int) Math.min(100, Math.floor(Math.pow(1 - random.nextDouble(), -1 / 1.6)));
        double at = m + random.nextDouble();
        for (int p = 0; p < pages && at < MINUTES; p++) {
          counts[(int) at] += 1 + poisson(random, 4);
          at += -Math.log(1 - random.nextDouble()) * 30 / 60.0;
        }
      }
      if (robotLeft == 0 && random.nextDouble() < 3.0 / 1440) {
        robotLeft = 10 + random.nextInt(110);
        robotRate = 20 + 60 * random.nextDouble();
      }
      if (robotLeft > 0) {
        counts[m] += poisson(random, robotRate);
        robotLeft--;
      }
    }
    int outage = 17 * 1440 + 14 * 60;
    java.util.Arrays.fill(counts, outage, outage + 30 * 60, 0);
    return new TrafficTrace(
        "busy-web-server-" + seed, START, java.util.Arrays.copyOf(counts, MINUTES));
  }

  /**
   * A second stand-in: a low-volume event stream (about 30-60 events a minute, so Poisson noise
   * dominates) with a weak daily cycle, and flash crowds that lift the level two- to four-fold in a
   * minute or two and hold it for one to six hours before it falls back.
   */
  static TrafficTrace flashCrowds(long seed) {
    Random random = new Random(seed);
    double base = 30 + 30 * random.nextDouble();
    double crowd = 1;
    int crowdLeft = 0;
    double[] counts = new double[MINUTES];
    for (int m = 0; m < MINUTES; m++) {
      ZonedDateTime t = START.plusSeconds(60L * m).atZone(ZoneOffset.UTC);
      double h = t.getHour() + t.getMinute() / 60.0;
      double daily = 0.6 + 0.4 * (0.5 - 0.5 * Math.cos(2 * Math.PI * (h - 6) / 24));
      if (crowdLeft == 0 && random.nextDouble() < 1.0 / 1440) {
        crowdLeft = 60 + random.nextInt(300);
        crowd = 2 + 2 * random.nextDouble();
      }
      double lift = 1;
      if (crowdLeft > 0) {
        lift = crowd;
        crowdLeft--;
      }
      counts[m] = poisson(random, base * daily * lift);
    }
    return new TrafficTrace("flash-crowds-" + seed, START, counts);
  }

  /** Multiplicative bursts: about {@code perDay} a day, Pareto height and length. */
  private static double[] bursts(
      Random r, double perDay, double minHeight, double alpha, double meanMinutes) {
    double[] f = new double[MINUTES];
    java.util.Arrays.fill(f, 1);
    for (int m = 0; m < MINUTES; m++) {
      if (r.nextDouble() < perDay / 1440) {
        double height = Math.min(5, minHeight * Math.pow(1 - r.nextDouble(), -1 / alpha));
        int length =
            (int) Math.min(90, Math.ceil(meanMinutes * Math.pow(1 - r.nextDouble(), -1 / 1.6)));
        for (int i = 0; i < length && m + i < MINUTES; i++) {
          f[m + i] += height;
        }
      }
    }
    return f;
  }

  /** News spikes: a sudden jump decaying exponentially over 10 to 60 minutes. */
  private static double[] spikes(Random r, double perDay) {
    double[] f = new double[MINUTES];
    java.util.Arrays.fill(f, 1);
    for (int m = 0; m < MINUTES; m++) {
      if (r.nextDouble() < perDay / 1440) {
        double height = Math.min(5, 0.5 * Math.pow(1 - r.nextDouble(), -1 / 1.3));
        double tau = 10 + 50 * r.nextDouble();
        int rise = 1 + r.nextInt(4);
        for (int i = 0; i < 6 * tau && m + i < MINUTES; i++) {
          double shape = i < rise ? (i + 1.0) / rise : Math.exp(-(i - rise) / tau);
          f[m + i] += height * shape;
        }
      }
    }
    return f;
  }

  private static double bump(double h, double centre, double width) {
    double d = h - centre;
    return Math.exp(-d * d / (2 * width * width));
  }

  private static boolean weekend(ZonedDateTime t) {
    return t.getDayOfWeek() == DayOfWeek.SATURDAY || t.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  private static double poisson(Random r, double lambda) {
    if (lambda > 60) {
      return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * r.nextGaussian()));
    }
    double l = Math.exp(-lambda);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= r.nextDouble();
    } while (p > l);
    return k - 1;
  }
}

package io.autoagent.guardian.backtest;

import io.autoagent.guardian.prometheus.PrometheusRangeClient;
import io.autoagent.guardian.sim.TrafficTrace;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trace from a Prometheus range query whose value is a request rate per second (for example
 * {@code sum(rate(http_requests_total{job="shop"}[1m]))}): each minute gets the mean of its samples
 * times 60; a minute without a sample keeps the previous one (a step longer than a minute holds its
 * value).
 */
public final class PrometheusTrace {

  private PrometheusTrace() {}

  public static TrafficTrace fetch(
      PrometheusRangeClient client, String promql, Instant start, Instant end, Duration step) {
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("--end must be after --start");
    }
    TreeMap<Instant, Double> samples = client.queryRange(promql, start, end, step);
    if (samples.isEmpty()) {
      throw new IllegalArgumentException(
          "the query matched no series from " + start + " to " + end + ": " + promql);
    }
    long first = Math.floorDiv(start.getEpochSecond(), 60);
    int minutes = (int) (Math.floorDiv(end.getEpochSecond(), 60) - first + 1);
    double[] sum = new double[minutes];
    int[] n = new int[minutes];
    for (Map.Entry<Instant, Double> e : samples.entrySet()) {
      int m = (int) (Math.floorDiv(e.getKey().getEpochSecond(), 60) - first);
      if (m >= 0 && m < minutes) {
        sum[m] += e.getValue();
        n[m]++;
      }
    }
    double[] load = new double[minutes];
    double last = Double.NaN;
    for (int m = 0; m < minutes; m++) {
      if (n[m] > 0) {
        last = sum[m] / n[m] * 60;
      }
      load[m] = Double.isNaN(last) ? 0 : last;
    }
    return new TrafficTrace("prometheus", Instant.ofEpochSecond(first * 60), load);
  }
}

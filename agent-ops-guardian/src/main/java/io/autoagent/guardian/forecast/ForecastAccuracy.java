package io.autoagent.guardian.forecast;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rolling mean absolute percentage error (MAPE) of one workload's forecasts, with hysteresis:
 * demoted once the error passes the threshold, promoted again only once it falls below 80 % of it.
 * Not thread-safe; one per workload, used from the decision loop.
 */
public final class ForecastAccuracy {

  private static final double PROMOTE_FACTOR = 0.8;

  /** Loads this close to zero would make percentage errors meaningless. */
  private static final double MIN_ACTUAL = 1e-6;

  private final int window;
  private final int minSamples;
  private final double threshold;
  private final Map<Instant, Double> pending = new TreeMap<>();
  private final Deque<Double> errors = new ArrayDeque<>();
  private boolean demoted;

  public ForecastAccuracy(int window, int minSamples, double threshold) {
    if (window < 1 || minSamples < 1 || minSamples > window || threshold <= 0) {
      throw new IllegalArgumentException("invalid accuracy window or threshold");
    }
    this.window = window;
    this.minSamples = minSamples;
    this.threshold = threshold;
  }

  /** Remembers what was predicted for the bucket starting at {@code bucketStart}. */
  public void expect(Instant bucketStart, double predicted) {
    pending.put(bucketStart, predicted);
  }

  /** Scores the prediction for a bucket that has now closed, if one was made. */
  public void observe(Instant bucketStart, double actual) {
    Double predicted = pending.remove(bucketStart);
    pending.keySet().removeIf(t -> t.isBefore(bucketStart));
    if (predicted == null || actual < MIN_ACTUAL) {
      return;
    }
    errors.addLast(Math.abs(actual - predicted) / actual);
    while (errors.size() > window) {
      errors.removeFirst();
    }
    if (errors.size() >= minSamples) {
      double mape = mape();
      if (!demoted && mape > threshold) {
        demoted = true;
      } else if (demoted && mape < threshold * PROMOTE_FACTOR) {
        demoted = false;
      }
    }
  }

  /** The current MAPE as a fraction (0.2 is 20 %), or NaN before any score. */
  public double mape() {
    return errors.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  public int scored() {
    return errors.size();
  }

  /** Whether prediction is switched off for this workload because it has been too wrong. */
  public boolean demoted() {
    return demoted;
  }
}

package io.autoagent.guardian.signals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * A workload's load averaged into fixed buckets (5 minutes by default), long enough to hold several
 * daily seasons: the raw sample history (100 samples) covers under an hour, too short for a daily
 * forecast. Not thread-safe; {@link WorkloadHistory} guards it.
 */
public final class LoadSeries {

  private final Duration bucket;
  private final int capacity;
  private final Deque<Double> closed = new ArrayDeque<>();
  private Instant lastClosedStart;
  private Instant openStart;
  private double openSum;
  private int openCount;

  public LoadSeries(Duration bucket, int capacity) {
    if (bucket.isNegative() || bucket.isZero() || capacity < 2) {
      throw new IllegalArgumentException("bucket must be positive and capacity at least 2");
    }
    this.bucket = bucket;
    this.capacity = capacity;
  }

  /**
   * Adds one load value observed at {@code time}; values older than the open bucket are dropped.
   */
  public void add(Instant time, double value) {
    Objects.requireNonNull(time, "time");
    if (!Double.isFinite(value)) {
      return;
    }
    Instant start = bucketStart(time);
    if (openStart == null) {
      openStart = start;
    } else if (start.isBefore(openStart)) {
      return;
    } else if (start.isAfter(openStart)) {
      closeOpenBucket(start);
    }
    openSum += value;
    openCount++;
  }

  private void closeOpenBucket(Instant newStart) {
    double average = openSum / Math.max(1, openCount);
    push(average);
    lastClosedStart = openStart;
    // a gap (agent down) repeats the last value rather than inventing zero load
    for (Instant t = openStart.plus(bucket); t.isBefore(newStart); t = t.plus(bucket)) {
      push(average);
      lastClosedStart = t;
    }
    openStart = newStart;
    openSum = 0;
    openCount = 0;
  }

  private void push(double value) {
    closed.addLast(value);
    while (closed.size() > capacity) {
      closed.removeFirst();
    }
  }

  private Instant bucketStart(Instant time) {
    long size = bucket.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), size) * size);
  }

  /** Closed bucket averages, oldest first. */
  public List<Double> values() {
    return List.copyOf(closed);
  }

  public Duration bucket() {
    return bucket;
  }

  /** The end of the newest closed bucket, or {@code null} before the first one closes. */
  public Instant closedUntil() {
    return lastClosedStart == null ? null : lastClosedStart.plus(bucket);
  }

  public Snapshot snapshot() {
    return new Snapshot(
        bucket, capacity, new ArrayList<>(closed), lastClosedStart, openStart, openSum, openCount);
  }

  public static LoadSeries restore(Snapshot s) {
    LoadSeries series = new LoadSeries(s.bucket(), s.capacity());
    s.values().forEach(series::push);
    series.lastClosedStart = s.lastClosedStart();
    series.openStart = s.openStart();
    series.openSum = s.openSum();
    series.openCount = s.openCount();
    return series;
  }

  /** The series as plain data, for Jackson and the KV bucket. */
  public record Snapshot(
      Duration bucket,
      int capacity,
      List<Double> values,
      Instant lastClosedStart,
      Instant openStart,
      double openSum,
      int openCount) {
    public Snapshot {
      Objects.requireNonNull(bucket, "bucket");
      values = values == null ? List.of() : List.copyOf(values);
    }
  }
}

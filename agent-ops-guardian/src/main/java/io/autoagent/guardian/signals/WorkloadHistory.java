package io.autoagent.guardian.signals;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The recent samples of one workload (the last {@code sampleCapacity}, 100 by default) and its
 * bucketed load series. Thread-safe: the monitoring loop writes while status requests read.
 */
public final class WorkloadHistory {

  public static final int DEFAULT_SAMPLE_CAPACITY = 100;
  public static final Duration DEFAULT_BUCKET = Duration.ofMinutes(5);

  /** Three days of five-minute buckets: two daily seasons to fit, one to spare. */
  public static final int DEFAULT_BUCKET_CAPACITY = 864;

  private final WorkloadRef workload;
  private final int sampleCapacity;
  private final Deque<WorkloadSample> samples = new ArrayDeque<>();
  private final LoadSeries load;

  public WorkloadHistory(WorkloadRef workload) {
    this(
        workload, DEFAULT_SAMPLE_CAPACITY, new LoadSeries(DEFAULT_BUCKET, DEFAULT_BUCKET_CAPACITY));
  }

  public WorkloadHistory(WorkloadRef workload, int sampleCapacity, LoadSeries load) {
    this.workload = Objects.requireNonNull(workload, "workload");
    if (sampleCapacity < 1) {
      throw new IllegalArgumentException("sampleCapacity must be at least 1");
    }
    this.sampleCapacity = sampleCapacity;
    this.load = Objects.requireNonNull(load, "load");
  }

  /** Records a sample and the load value derived from it (see {@code LoadEstimator}). */
  public synchronized void append(WorkloadSample sample, double loadValue) {
    samples.addLast(sample);
    while (samples.size() > sampleCapacity) {
      samples.removeFirst();
    }
    load.add(sample.time(), loadValue);
  }

  public synchronized List<WorkloadSample> samples() {
    return List.copyOf(samples);
  }

  public synchronized Optional<WorkloadSample> latest() {
    return Optional.ofNullable(samples.peekLast());
  }

  public synchronized List<Double> loadValues() {
    return load.values();
  }

  public synchronized LoadSeries.Snapshot loadSnapshot() {
    return load.snapshot();
  }

  public WorkloadRef workload() {
    return workload;
  }

  public synchronized Snapshot snapshot() {
    return new Snapshot(workload, sampleCapacity, List.copyOf(samples), load.snapshot());
  }

  public static WorkloadHistory restore(Snapshot s) {
    WorkloadHistory history =
        new WorkloadHistory(s.workload(), s.sampleCapacity(), LoadSeries.restore(s.load()));
    s.samples().forEach(history.samples::addLast);
    return history;
  }

  /** The history as plain data, for Jackson and the KV bucket. */
  public record Snapshot(
      WorkloadRef workload,
      int sampleCapacity,
      List<WorkloadSample> samples,
      LoadSeries.Snapshot load) {
    public Snapshot {
      Objects.requireNonNull(workload, "workload");
      samples = samples == null ? List.of() : List.copyOf(samples);
      Objects.requireNonNull(load, "load");
    }
  }
}

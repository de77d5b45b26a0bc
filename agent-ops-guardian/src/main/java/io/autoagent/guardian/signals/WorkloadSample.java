package io.autoagent.guardian.signals;

import java.time.Instant;
import java.util.Objects;

/**
 * One observation of a workload. CPU and memory are utilisation against the pods' requests, in
 * percent (so 150 means one and a half times the request). Serialisable with Jackson so that
 * histories can be kept in a JetStream KV bucket.
 */
public record WorkloadSample(
    Instant time,
    double cpuPercent,
    double memoryPercent,
    int desiredReplicas,
    int readyReplicas,
    int updatedReplicas,
    AppSignals app) {

  public WorkloadSample {
    Objects.requireNonNull(time, "time");
    if (desiredReplicas < 0 || readyReplicas < 0 || updatedReplicas < 0) {
      throw new IllegalArgumentException("replica counts must not be negative");
    }
    cpuPercent = Double.isFinite(cpuPercent) ? Math.max(0, cpuPercent) : 0;
    memoryPercent = Double.isFinite(memoryPercent) ? Math.max(0, memoryPercent) : 0;
    app = app == null ? AppSignals.NONE : app;
  }

  /** A sample with Kubernetes signals only. */
  public static WorkloadSample of(
      Instant time, double cpuPercent, double memoryPercent, int desired, int ready) {
    return new WorkloadSample(
        time, cpuPercent, memoryPercent, desired, ready, desired, AppSignals.NONE);
  }

  public WorkloadSample withApp(AppSignals signals) {
    return new WorkloadSample(
        time, cpuPercent, memoryPercent, desiredReplicas, readyReplicas, updatedReplicas, signals);
  }

  /** CPU in use, in units of one pod's request: what the ready pods together consume. */
  public double cpuDemandPods() {
    return cpuPercent / 100.0 * readyReplicas;
  }
}

package io.autoagent.guardian.signals;

/**
 * Reads application signals (request rate, errors, latency, queue depth) for a workload.
 * Implementations degrade rather than fail: an unreachable source yields {@link AppSignals#NONE}
 * or partial signals, so the Guardian keeps deciding on Kubernetes signals.
 */
public interface AppSignalReader {

  /** No application metrics source: Kubernetes signals only. */
  AppSignalReader NONE = workload -> AppSignals.NONE;

  AppSignals read(WorkloadRef workload);
}

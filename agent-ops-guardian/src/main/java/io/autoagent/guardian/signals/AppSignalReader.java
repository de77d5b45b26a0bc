package io.autoagent.guardian.signals;

import java.util.Optional;

/**
 * Reads application signals (request rate, errors, latency, queue depth) for a workload.
 * Implementations degrade rather than fail: an unreachable source yields {@link AppSignals#NONE} or
 * partial signals, so the Guardian keeps deciding on Kubernetes signals.
 */
public interface AppSignalReader {

  /** No application metrics source: Kubernetes signals only. */
  AppSignalReader NONE = workload -> AppSignals.NONE;

  AppSignals read(WorkloadRef workload);

  /**
   * Reads with the workload's own request-rate query ({@code ops-guardian.autoagent.io/promql})
   * when it has one; readers without queries ignore it.
   */
  default AppSignals read(WorkloadRef workload, Optional<String> requestRateQuery) {
    return read(workload);
  }
}

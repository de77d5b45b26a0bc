package io.autoagent.guardian.backtest;

import io.autoagent.guardian.sim.HpaPolicy;
import io.autoagent.guardian.sim.TrafficTrace;

/**
 * How requests per minute become pods' worth of work: either a known capacity, or a size chosen so
 * that the 99th-percentile minute needs {@code peakReplicas} pods at the HPA's 70 % target.
 */
public sealed interface LoadScale {

  /** Requests per second one pod serves at 100 % of its CPU request, for this trace. */
  double requestsPerPod(TrafficTrace requestsPerMinute);

  default TrafficTrace apply(TrafficTrace requestsPerMinute) {
    double perPod = requestsPerPod(requestsPerMinute);
    return requestsPerMinute.scaled(1 / (60 * perPod));
  }

  record RequestsPerPod(double rate) implements LoadScale {
    public RequestsPerPod {
      if (!(rate > 0) || !Double.isFinite(rate)) {
        throw new IllegalArgumentException("--requests-per-pod must be positive: " + rate);
      }
    }

    @Override
    public double requestsPerPod(TrafficTrace trace) {
      return rate;
    }
  }

  record PeakReplicas(int replicas) implements LoadScale {
    public PeakReplicas {
      if (replicas < 1) {
        throw new IllegalArgumentException("--peak-replicas must be at least 1: " + replicas);
      }
    }

    @Override
    public double requestsPerPod(TrafficTrace trace) {
      double p99 = trace.quantile(0.99) / 60;
      if (!(p99 > 0)) {
        throw new IllegalArgumentException(
            "the trace's 99th-percentile minute is 0 requests; nothing to scale");
      }
      return p99 / (replicas * HpaPolicy.TARGET_PERCENT / 100);
    }
  }
}

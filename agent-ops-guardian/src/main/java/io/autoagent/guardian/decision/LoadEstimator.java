package io.autoagent.guardian.decision;

import io.autoagent.guardian.signals.WorkloadSample;

/**
 * Turns a sample into load, in pods at 100 % of their CPU request. CPU alone saturates when pods
 * are overloaded, so when a request rate is known the estimator learns how many requests per second
 * one pod serves (from unsaturated samples) and measures load from the rate instead. Not
 * thread-safe; one per workload.
 */
public final class LoadEstimator {

  private static final double SMOOTHING = 0.2;
  private static final double MIN_CPU = 20;
  private static final double MAX_CPU = 90;

  private double perPodRate = Double.NaN;

  public double demandPods(WorkloadSample sample) {
    Double rate = sample.app().requestRate();
    double cpu = sample.cpuPercent();
    if (rate != null
        && rate > 0
        && sample.readyReplicas() > 0
        && cpu >= MIN_CPU
        && cpu <= MAX_CPU) {
      double observed = rate / sample.cpuDemandPods();
      perPodRate =
          Double.isNaN(perPodRate) ? observed : (1 - SMOOTHING) * perPodRate + SMOOTHING * observed;
    }
    if (rate != null && !Double.isNaN(perPodRate)) {
      return rate / perPodRate;
    }
    return sample.cpuDemandPods();
  }

  /** Requests per second one pod serves at 100 % of its CPU request, or NaN while unknown. */
  public double perPodRate() {
    return perPodRate;
  }
}

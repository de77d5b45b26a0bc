package io.autoagent.guardian.sim;

import java.util.Arrays;

/**
 * Replays a per-minute trace against a policy in {@link ServiceModel#TICK_SECONDS} ticks. The load
 * of a minute is constant over its four ticks. At the start of a tick, pods whose start-up is over
 * become ready, then a policy whose period has come sees the metrics of the ticks since its last
 * decision and sets the replicas (clamped to the model's bounds); the tick is then served by the
 * ready pods. A tick whose latency exceeds the SLO counts 15 s of violation; replica-hours count
 * every pod that exists, starting or serving. Deterministic: same trace and policy, same result.
 */
public final class ReplaySimulator {

  private static final int TICK = ServiceModel.TICK_SECONDS;

  private ReplaySimulator() {}

  public static SimResult run(TrafficTrace trace, ServiceModel model, ScalingPolicy policy) {
    if (policy.periodSeconds() <= 0 || policy.periodSeconds() % TICK != 0) {
      throw new IllegalArgumentException(
          "policy period must be a multiple of " + TICK + " s: " + policy.periodSeconds());
    }
    policy.prepare(trace, model);
    int ticksPerDecision = policy.periodSeconds() / TICK;
    int ticks = trace.minutes() * (60 / TICK);
    Pods pods = new Pods(model.initialReplicas(), model.startupSeconds());
    double[] latencies = new double[ticks];
    int[] replicas = new int[trace.minutes()];
    int[] violationSeconds = new int[trace.minutes()];
    Window window = new Window();
    long podSeconds = 0;
    int violationTicks = 0;
    int changes = 0;
    for (int k = 0; k < ticks; k++) {
      long t = (long) k * TICK;
      pods.promote(t);
      if (k > 0 && k % ticksPerDecision == 0) {
        SimObservation o = window.observation(trace, t, pods);
        int wanted = model.clamp(policy.decide(o));
        if (wanted != pods.desired()) {
          changes++;
          pods.scaleTo(wanted, t);
        }
        window = new Window();
      }
      int minute = k / (60 / TICK);
      double load = trace.at(minute);
      double u = pods.ready() == 0 ? Double.POSITIVE_INFINITY : load / pods.ready();
      double latency = ServiceModel.latencyMs(u);
      latencies[k] = latency;
      if (latency > model.sloMs()) {
        violationTicks++;
        violationSeconds[minute] += TICK;
      }
      podSeconds += (long) pods.desired() * TICK;
      replicas[minute] = pods.desired();
      window.add(load, u, latency, pods.ready());
    }
    return new SimResult(
        policy.name(),
        violationTicks * TICK / 60.0,
        podSeconds / 3600.0,
        changes,
        p99(latencies),
        new SimResult.Timeline(replicas, violationSeconds));
  }

  private static double p99(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.max(0, (int) Math.ceil(0.99 * sorted.length) - 1)];
  }

  /** Metrics of the ticks since the last decision. */
  private static final class Window {
    int ticks;
    double cpu;
    double errors;
    double latencySum;
    double latencyMax;
    double lastLoad;
    int lastReady;

    void add(double load, double u, double latency, int ready) {
      lastReady = ready;
      ticks++;
      cpu += Double.isFinite(u) ? Math.min(1, u) * 100 : 0;
      errors += Double.isFinite(u) ? ServiceModel.errorPercent(u) : 100;
      latencySum += latency;
      latencyMax = Math.max(latencyMax, latency);
      lastLoad = load;
    }

    SimObservation observation(TrafficTrace trace, long t, Pods pods) {
      int n = Math.max(1, ticks);
      return new SimObservation(
          trace.start().plusSeconds(t),
          t,
          cpu / n,
          pods.desired(),
          pods.ready(),
          lastReady,
          lastLoad,
          errors / n,
          latencyMax,
          latencySum / n);
    }
  }
}

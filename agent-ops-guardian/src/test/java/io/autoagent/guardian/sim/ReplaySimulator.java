package io.autoagent.guardian.sim;

import java.time.Instant;

/**
 * Replays a trace against a policy. At the start of each minute the policy sees the previous
 * minute's metrics and sets replicas; the minute is then served in two 30 s halves, new pods
 * joining once started. SLO-violation time counts halves whose latency exceeds 500 ms;
 * replica-hours count every pod that exists, starting or serving.
 */
final class ReplaySimulator {

  static final double SLO_MS = 500;

  private ReplaySimulator() {}

  static SimResult run(TrafficTrace trace, ScalingPolicy policy) {
    SimulatedService service = new SimulatedService(policy.initialReplicas());
    SimObservation last = null;
    double violationMinutes = 0;
    double podSeconds = 0;
    int changes = 0;
    for (int m = 0; m < trace.minutes(); m++) {
      long t0 = 60L * m;
      if (last != null) {
        int wanted = Math.max(1, policy.decide(last));
        if (wanted != service.desired()) {
          changes++;
          service.scaleTo(wanted, t0);
        }
      }
      double load = trace.at(m);
      double cpuSum = 0;
      double latencySum = 0;
      double latencyMax = 0;
      double errorSum = 0;
      for (int half = 0; half < 2; half++) {
        long t = t0 + (long) half * SimulatedService.HALF;
        service.promote(t);
        double u = SimulatedService.utilisation(load, service.ready());
        double latency = SimulatedService.latencyMs(u);
        if (latency > SLO_MS) {
          violationMinutes += 0.5;
        }
        podSeconds += service.desired() * SimulatedService.HALF;
        cpuSum += Math.min(1.0, u) * 100;
        latencySum += latency;
        latencyMax = Math.max(latencyMax, latency);
        errorSum += SimulatedService.errorPercent(u);
      }
      service.promote(t0 + 60);
      double cpu = cpuSum / 2;
      last = new SimObservation(
          trace.start().plusSeconds(t0 + 60), cpu, 30 + 0.1 * cpu, service.desired(),
          service.ready(), load * SimulatedService.REQUESTS_PER_POD_UNIT, errorSum / 2,
          latencyMax, latencySum / 2);
    }
    return new SimResult(
        trace.name(), policy.name(), violationMinutes, podSeconds / 3600.0, changes);
  }

  static Instant minute(TrafficTrace trace, int m) {
    return trace.start().plusSeconds(60L * m);
  }
}

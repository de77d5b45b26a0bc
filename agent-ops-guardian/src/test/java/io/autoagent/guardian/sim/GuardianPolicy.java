package io.autoagent.guardian.sim;

import io.autoagent.guardian.advisor.GuardedAdvisor;
import io.autoagent.guardian.config.GuardianConfig;
import io.autoagent.guardian.decision.Decision;
import io.autoagent.guardian.decision.ScalingEngine;
import io.autoagent.guardian.forecast.AdaptiveForecaster;
import io.autoagent.guardian.signals.AppSignals;
import io.autoagent.guardian.signals.Observation;
import io.autoagent.guardian.signals.WorkloadRef;
import io.autoagent.guardian.signals.WorkloadSample;
import io.autoagent.guardian.signals.WorkloadStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The real {@link ScalingEngine}, fed the simulated metrics through a simulated clock. */
final class GuardianPolicy implements ScalingPolicy {

  private static final WorkloadRef WORKLOAD = WorkloadRef.of("bank", "frontend");

  private final String name;
  private final int initial;
  private final SimClock clock = new SimClock();
  private final ScalingEngine engine;

  GuardianPolicy(String name, GuardianConfig config, int initial) {
    this.name = name;
    this.initial = initial;
    this.engine = new ScalingEngine(config, clock,
        AdaptiveForecaster.daily(config.forecast().bucketMinutes()), GuardedAdvisor.none());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int initialReplicas() {
    return initial;
  }

  @Override
  public int decide(SimObservation o) {
    clock.now = o.time();
    AppSignals app = new AppSignals(
        o.requestRate(), o.errorPercent(), o.latencyP95Ms(), o.latencyAvgMs(), null);
    WorkloadSample sample = new WorkloadSample(
        o.time(), o.cpuPercent(), o.memoryPercent(), o.desired(), o.ready(), o.desired(), app);
    Decision decision = engine.decide(new Observation(WORKLOAD, sample, WorkloadStatus.HEALTHY));
    if (decision.isAction()) {
      engine.applied(WORKLOAD, decision);
      return decision.toReplicas();
    }
    return o.desired();
  }

  ScalingEngine engine() {
    return engine;
  }

  static WorkloadRef workload() {
    return WORKLOAD;
  }

  private static final class SimClock extends Clock {
    Instant now = Instant.EPOCH;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}

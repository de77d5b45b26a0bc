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

/**
 * The Guardian's own {@link ScalingEngine} (rules, Holt-Winters prediction, damping), fed the
 * simulated metrics every 30 s (the default {@code MONITOR_INTERVAL_S}) through a simulated clock.
 */
public final class EnginePolicy implements ScalingPolicy {

  /** Requests per second one pod serves: the simulated request rate is load times this. */
  public static final double REQUESTS_PER_POD = 50;

  private static final WorkloadRef WORKLOAD = WorkloadRef.of("backtest", "workload");

  private final String name;
  private final GuardianConfig config;
  private final SimClock clock = new SimClock();
  private ScalingEngine engine;

  public EnginePolicy(String name, GuardianConfig config) {
    this.name = name;
    this.config = config;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int periodSeconds() {
    return 30;
  }

  @Override
  public void prepare(TrafficTrace trace, ServiceModel model) {
    GuardianConfig bounded =
        config.withDefaultPolicy(
            config.defaultPolicy().withBounds(model.minReplicas(), model.maxReplicas()));
    engine =
        new ScalingEngine(
            bounded,
            clock,
            AdaptiveForecaster.daily(bounded.forecast().bucketMinutes()),
            GuardedAdvisor.none());
  }

  @Override
  public int decide(SimObservation o) {
    clock.now = o.time();
    AppSignals app =
        new AppSignals(
            o.load() * REQUESTS_PER_POD,
            o.errorPercent(),
            o.latencyMaxMs(),
            o.latencyAvgMs(),
            null);
    WorkloadSample sample =
        new WorkloadSample(
            o.time(),
            o.cpuPercent(),
            30 + 0.1 * o.cpuPercent(),
            o.desired(),
            o.ready(),
            o.desired(),
            app);
    Decision decision = engine.decide(new Observation(WORKLOAD, sample, WorkloadStatus.HEALTHY));
    if (decision.isAction()) {
      engine.applied(WORKLOAD, decision);
      return decision.toReplicas();
    }
    return o.desired();
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

package io.autoagent.guardian.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.guardian.advisor.GuardedAdvisor;
import io.autoagent.guardian.config.GuardianConfig;
import io.autoagent.guardian.config.WorkloadOverrides;
import io.autoagent.guardian.forecast.AdaptiveForecaster;
import io.autoagent.guardian.signals.AppSignals;
import io.autoagent.guardian.signals.Observation;
import io.autoagent.guardian.signals.WorkloadRef;
import io.autoagent.guardian.signals.WorkloadSample;
import io.autoagent.guardian.signals.WorkloadStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalingEngineOverridesTest {

  private static final WorkloadRef APP = WorkloadRef.of("shop", "cart");
  private static final WorkloadRef OTHER = WorkloadRef.of("shop", "search");
  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-26T10:30:00Z"));
  private final ScalingEngine engine =
      new ScalingEngine(
          GuardianConfig.defaults(), clock, AdaptiveForecaster.daily(5), GuardedAdvisor.none());

  private Decision decide(WorkloadRef ref, double cpu, int replicas, Double latencyMs) {
    WorkloadSample sample =
        WorkloadSample.of(clock.instant(), cpu, 30, replicas, replicas)
            .withApp(new AppSignals(null, null, latencyMs, null, null));
    return engine.decide(new Observation(ref, sample, WorkloadStatus.HEALTHY));
  }

  @Test
  void raisesAWorkloadToTheMinimumItsAnnotationSets() {
    // given
    engine.override(APP, WorkloadOverrides.from(Map.of("ops-guardian.autoagent.io/min", "4")));

    // when: a quiet workload at 2 replicas
    Decision d = decide(APP, 40, 2, null);

    // then: bounded up to 4, while another workload keeps the configured bounds
    assertThat(d.kind()).isEqualTo(Decision.Kind.SCALE);
    assertThat(d.toReplicas()).isGreaterThanOrEqualTo(3);
    assertThat(d.reason()).contains("bounded to 4..10");
    assertThat(decide(OTHER, 40, 2, null).kind()).isEqualTo(Decision.Kind.HOLD);
  }

  @Test
  void scalesUpOnTheWorkloadsOwnLatencyObjective() {
    // given 300 ms: below the default 500 ms threshold, above this workload's 250 ms objective
    engine.override(APP, WorkloadOverrides.from(Map.of("ops-guardian.autoagent.io/slo-ms", "250")));

    // when
    Decision own = decide(APP, 50, 3, 300.0);
    Decision other = decide(OTHER, 50, 3, 300.0);

    // then
    assertThat(own.kind()).isEqualTo(Decision.Kind.SCALE);
    assertThat(own.reason()).contains("latency 300 ms > 250 ms");
    assertThat(other.kind()).isEqualTo(Decision.Kind.HOLD);
  }

  @Test
  void restoredDamperStateKeepsTheCooldownOfTheLastChange() {
    // given a scale-up applied by the old leader
    Decision up = decide(APP, 90, 3, null);
    engine.applied(APP, up);
    Damper.State saved = engine.damperState(APP).orElseThrow();

    // when a new engine (a new leader) restores it and the load drops a minute later
    ScalingEngine successor =
        new ScalingEngine(
            GuardianConfig.defaults()
                .withDefaultPolicy(WorkloadPolicy.DEFAULTS.withMode(Mode.AGGRESSIVE)),
            clock,
            AdaptiveForecaster.daily(5),
            GuardedAdvisor.none());
    successor.restoreDamper(APP, saved);
    clock.advance(Duration.ofMinutes(1));
    Decision down =
        successor.decide(
            new Observation(
                APP, WorkloadSample.of(clock.instant(), 10, 20, 4, 4), WorkloadStatus.HEALTHY));

    // then
    assertThat(down.kind()).isEqualTo(Decision.Kind.DEFERRED);
  }

  @Test
  void givesThePredictiveScalerTheConfiguredOrTheWorkloadsOwnPodBudget() {
    // given aggressive, predictive workloads and a configured budget of 0.9 of the HPA's pods
    GuardianConfig config = GuardianConfig.fromEnv(Map.of("GUARDIAN_BUDGET_RATIO", "0.9"));
    ScalingEngine budgeted =
        new ScalingEngine(
            config.withDefaultPolicy(config.defaultPolicy().withMode(Mode.AGGRESSIVE)),
            clock,
            AdaptiveForecaster.daily(5),
            GuardedAdvisor.none());
    budgeted.override(
        APP, WorkloadOverrides.from(Map.of("ops-guardian.autoagent.io/budget-ratio", "1.2")));

    // when each decides once
    for (WorkloadRef ref : new WorkloadRef[] {APP, OTHER}) {
      budgeted.decide(
          new Observation(
              ref, WorkloadSample.of(clock.instant(), 50, 30, 3, 3), WorkloadStatus.HEALTHY));
    }

    // then the annotated one keeps its own budget, the other the configured one
    assertThat(budgeted.budgetRatio(APP)).contains(1.2);
    assertThat(budgeted.budgetRatio(OTHER)).contains(0.9);

    // and a changed annotation applies at the next decision
    budgeted.override(
        APP, WorkloadOverrides.from(Map.of("ops-guardian.autoagent.io/budget-ratio", "0")));
    clock.advance(Duration.ofSeconds(30));
    budgeted.decide(
        new Observation(
            APP, WorkloadSample.of(clock.instant(), 50, 30, 3, 3), WorkloadStatus.HEALTHY));
    assertThat(budgeted.budgetRatio(APP)).contains(0.0);
  }

  @Test
  void plansThePredictiveScalersReplicasForTheWorkloadsOwnLatencyObjective() {
    // given aggressive, predictive workloads at 8 replicas with a steady 5.9 pods of load
    // (73.75 % CPU: below every rule's threshold); one is annotated with a 300 ms objective
    ScalingEngine predictive =
        new ScalingEngine(
            GuardianConfig.defaults()
                .withDefaultPolicy(WorkloadPolicy.DEFAULTS.withMode(Mode.AGGRESSIVE)),
            clock,
            AdaptiveForecaster.daily(5),
            GuardedAdvisor.none());
    predictive.override(
        APP, WorkloadOverrides.from(Map.of("ops-guardian.autoagent.io/slo-ms", "300")));

    // when both have been watched for three hours (the forecast errors known)
    Decision own = null;
    Decision other = null;
    for (int i = 0; i < 360; i++) {
      clock.advance(Duration.ofSeconds(30));
      own = observeAtEight(predictive, APP);
      other = observeAtEight(predictive, OTHER);
    }

    // then the default objective (500 ms) plans for 86 %: 7 pods, one fewer than exist; 300 ms is
    // met only up to 80 % utilisation, so the annotated workload keeps all 8
    assertThat(other.reason()).contains("quantile forecast: 7 pods");
    assertThat(other.toReplicas()).isEqualTo(7);
    assertThat(own.kind()).isEqualTo(Decision.Kind.HOLD);
    assertThat(own.reason()).contains("quantile forecast: 8 pods");

    // and without the annotation the workload goes back to the default plan (once the 60 s
    // scale-down window has passed the targets planned for 300 ms)
    predictive.override(APP, WorkloadOverrides.NONE);
    Decision back = null;
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(30));
      back = observeAtEight(predictive, APP);
    }
    assertThat(back.reason()).contains("quantile forecast: 7 pods");
  }

  private Decision observeAtEight(ScalingEngine predictive, WorkloadRef ref) {
    return predictive.decide(
        new Observation(
            ref, WorkloadSample.of(clock.instant(), 73.75, 30, 8, 8), WorkloadStatus.HEALTHY));
  }
}

package io.autoagent.guardian.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.guardian.advisor.Advice;
import io.autoagent.guardian.advisor.GuardedAdvisor;
import io.autoagent.guardian.advisor.ScalingAdvisor;
import io.autoagent.guardian.calendar.CalendarPeriod;
import io.autoagent.guardian.config.GuardianConfig;
import io.autoagent.guardian.forecast.AdaptiveForecaster;
import io.autoagent.guardian.signals.AppSignals;
import io.autoagent.guardian.signals.Incident;
import io.autoagent.guardian.signals.Observation;
import io.autoagent.guardian.signals.WorkloadRef;
import io.autoagent.guardian.signals.WorkloadSample;
import io.autoagent.guardian.signals.WorkloadStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScalingEngineTest {

  private static final WorkloadRef APP = WorkloadRef.of("bank", "frontend");
  private static final Instant WEEKDAY = Instant.parse("2026-05-26T10:30:00Z");

  private final MutableClock clock = new MutableClock(WEEKDAY);

  private ScalingEngine engine(GuardianConfig config) {
    return engine(config, GuardedAdvisor.none());
  }

  private ScalingEngine engine(GuardianConfig config, GuardedAdvisor advisor) {
    return new ScalingEngine(config, clock, AdaptiveForecaster.daily(5), advisor);
  }

  private Observation observe(double cpu, int replicas, WorkloadStatus status) {
    return new Observation(
        APP, WorkloadSample.of(clock.instant(), cpu, 30, replicas, replicas), status);
  }

  @Test
  void scalesUpWhenCpuIsHigh() {
    Decision d = engine(GuardianConfig.defaults()).decide(observe(90, 3, WorkloadStatus.HEALTHY));

    assertThat(d.kind()).isEqualTo(Decision.Kind.SCALE);
    assertThat(d.fromReplicas()).isEqualTo(3);
    assertThat(d.toReplicas()).isEqualTo(4);
    assertThat(d.basis()).isEqualTo(Decision.Basis.RULES);
  }

  @Test
  void leavesAWorkloadTargetedByAnHpaToIt() {
    Decision d =
        engine(GuardianConfig.defaults())
            .decide(observe(95, 3, new WorkloadStatus(false, "frontend-hpa", List.of())));

    assertThat(d.kind()).isEqualTo(Decision.Kind.DELEGATED);
    assertThat(d.reason()).contains("frontend-hpa");
  }

  @Test
  void neverScalesUpCrashLoopingPodsAndSaysWhy() {
    WorkloadStatus failing =
        new WorkloadStatus(
            false,
            null,
            List.of(new Incident(Incident.Kind.CRASH_LOOP, "frontend-abc", "back-off 5m")));

    Decision d = engine(GuardianConfig.defaults()).decide(observe(95, 3, failing));

    assertThat(d.kind()).isEqualTo(Decision.Kind.BLOCKED);
    assertThat(d.reason()).contains("frontend-abc crash-looping");
  }

  @Test
  void freezesWhileARolloutIsInProgress() {
    Decision d =
        engine(GuardianConfig.defaults())
            .decide(observe(95, 3, new WorkloadStatus(true, null, List.of())));

    assertThat(d.kind()).isEqualTo(Decision.Kind.DEFERRED);
    assertThat(d.retryAfter()).isPositive();
  }

  @Test
  void decidesButNeverActsInShadowMode() {
    GuardianConfig config =
        GuardianConfig.defaults()
            .withPolicies(Map.of(APP, WorkloadPolicy.DEFAULTS.withShadow(true)));

    Decision d = engine(config).decide(observe(95, 3, WorkloadStatus.HEALTHY));

    assertThat(d.kind()).isEqualTo(Decision.Kind.SHADOW);
    assertThat(d.isAction()).isFalse();
    assertThat(d.toReplicas()).isEqualTo(4);
  }

  @Test
  void neverGoesAboveTheMaximum() {
    GuardianConfig config =
        GuardianConfig.defaults().withDefaultPolicy(WorkloadPolicy.DEFAULTS.withBounds(1, 4));

    Decision d = engine(config).decide(observe(95, 4, WorkloadStatus.HEALTHY));

    assertThat(d.kind()).isEqualTo(Decision.Kind.HOLD);
    assertThat(d.reason()).contains("bounded to 1..4");
  }

  @Test
  void raisesTheFloorAheadOfTheLunchRush() {
    // given 11:50, lunch starts within the 15 minute lead time
    clock.set(Instant.parse("2026-05-26T11:50:00Z"));
    GuardianConfig config =
        GuardianConfig.defaults()
            .withDefaultPolicy(
                WorkloadPolicy.DEFAULTS.withCalendarFloors(Map.of(CalendarPeriod.LUNCH_RUSH, 5)));

    // when
    Decision d = engine(config).decide(observe(50, 3, WorkloadStatus.HEALTHY));

    // then: conservative mode still moves one replica at a time
    assertThat(d.basis()).isEqualTo(Decision.Basis.CALENDAR);
    assertThat(d.toReplicas()).isEqualTo(4);
  }

  @Test
  void deferredScaleDownStaysInsideTheStabilizationWindow() {
    clock.set(Instant.parse("2026-05-26T02:00:00Z"));
    ScalingEngine engine = engine(GuardianConfig.defaults());
    engine.decide(observe(50, 4, WorkloadStatus.HEALTHY));
    clock.advance(Duration.ofMinutes(1));

    Decision d = engine.decide(observe(10, 4, WorkloadStatus.HEALTHY));

    assertThat(d.kind()).isEqualTo(Decision.Kind.DEFERRED);
    assertThat(d.reason()).contains("scale-down stabilization");
  }

  @Test
  void scalesAheadOfADailyPeakOnceItHasLearnedTheSeason() {
    // given two days in which load jumps from 1 to 3 pods at 12:00 every day
    GuardianConfig config =
        GuardianConfig.defaults()
            .withDefaultPolicy(WorkloadPolicy.DEFAULTS.withMode(Mode.AGGRESSIVE))
            .withForecast(ForecastSettings.DEFAULTS.withQuantile(false));
    ScalingEngine engine = engine(config);
    Instant start = Instant.parse("2026-05-25T00:00:00Z");
    int replicas = 4;
    Decision atElevenFifty = null;
    for (int m = 0; m < 2 * 1440 + 11 * 60 + 50; m++) {
      clock.set(start.plusSeconds(60L * m));
      int minuteOfDay = m % 1440;
      double load = minuteOfDay >= 720 && minuteOfDay < 840 ? 3.0 : 1.0;
      double cpu = Math.min(100, 100 * load / replicas);
      WorkloadSample s =
          new WorkloadSample(
              clock.instant(),
              cpu,
              30,
              replicas,
              replicas,
              replicas,
              new AppSignals(load * 50, 0.0, 150.0, null, null));
      atElevenFifty = engine.decide(new Observation(APP, s, WorkloadStatus.HEALTHY));
    }

    // then at 11:50 on the third day, with 1 pod of load, it asks for capacity for 3
    assertThat(atElevenFifty.kind()).isEqualTo(Decision.Kind.SCALE);
    assertThat(atElevenFifty.basis()).isEqualTo(Decision.Basis.PREDICTION);
    assertThat(atElevenFifty.toReplicas()).isGreaterThanOrEqualTo(5);
    assertThat(atElevenFifty.reason()).contains("holt_winters");
    assertThat(engine.insight(APP).orElseThrow().demoted()).isFalse();
  }

  @Test
  void quantileForecastProvisionsForTheDailyStepWithinThePodStartUp() {
    // given two days in which a noisy load jumps from 1 to 3 pods at 12:00 every day
    GuardianConfig config =
        GuardianConfig.defaults()
            .withDefaultPolicy(WorkloadPolicy.DEFAULTS.withMode(Mode.AGGRESSIVE));
    ScalingEngine engine = engine(config);
    Instant start = Instant.parse("2026-05-25T00:00:00Z");
    int replicas = 2;
    java.util.Random noise = new java.util.Random(5);
    Decision atElevenFiftyNine = null;
    for (int m = 0; m < 2 * 1440 + 11 * 60 + 59; m++) {
      clock.set(start.plusSeconds(60L * m));
      int minuteOfDay = m % 1440;
      double load =
          (minuteOfDay >= 720 && minuteOfDay < 840 ? 3.0 : 1.0) * (1 + 0.1 * noise.nextGaussian());
      double cpu = Math.min(100, 100 * load / replicas);
      WorkloadSample s =
          new WorkloadSample(
              clock.instant(),
              cpu,
              30,
              replicas,
              replicas,
              replicas,
              new AppSignals(load * 50, 0.0, 150.0, null, null));
      atElevenFiftyNine = engine.decide(new Observation(APP, s, WorkloadStatus.HEALTHY));
    }

    // then at 11:59 on the third day, with 1 pod of load (2 pods hold it), the coming minute
    // (within the 30 s start-up plus a cycle) is seen to rise: a third pod starts ahead of it
    assertThat(atElevenFiftyNine.kind()).isEqualTo(Decision.Kind.SCALE);
    assertThat(atElevenFiftyNine.basis()).isEqualTo(Decision.Basis.PREDICTION);
    assertThat(atElevenFiftyNine.toReplicas()).isGreaterThanOrEqualTo(3);
    assertThat(atElevenFiftyNine.reason()).contains("quantile forecast", "seasonal");
  }

  @Test
  void predictionNeverAsksForLessThanTheRules() {
    // given a young workload whose forecast sees almost no load
    GuardianConfig config =
        GuardianConfig.defaults()
            .withDefaultPolicy(WorkloadPolicy.DEFAULTS.withMode(Mode.AGGRESSIVE));
    ScalingEngine engine = engine(config);
    for (int m = 0; m < 30; m++) {
      clock.advance(Duration.ofMinutes(1));
      engine.decide(observe(5, 4, WorkloadStatus.HEALTHY));
    }

    // when load spikes
    clock.advance(Duration.ofMinutes(1));
    Decision d = engine.decide(observe(100, 4, WorkloadStatus.HEALTHY));

    // then the reactive rules' target stands
    assertThat(d.toReplicas()).isGreaterThanOrEqualTo(7);
    assertThat(d.basis()).isEqualTo(Decision.Basis.RULES);
  }

  @Test
  void followsClampedAdviceAboveTheRules() {
    ScalingAdvisor advisor = r -> Optional.of(new Advice(50, 0.9, "payroll traffic"));
    GuardedAdvisor guarded = new GuardedAdvisor(advisor, Duration.ofSeconds(5), Runnable::run);
    GuardianConfig config =
        GuardianConfig.defaults()
            .withDefaultPolicy(WorkloadPolicy.DEFAULTS.withMode(Mode.AGGRESSIVE));

    Decision d = engine(config, guarded).decide(observe(80, 3, WorkloadStatus.HEALTHY));

    assertThat(d.basis()).isEqualTo(Decision.Basis.ADVISOR);
    assertThat(d.toReplicas()).isEqualTo(7);
    assertThat(d.reason()).contains("payroll traffic").contains("clamped to bounds 1..10");
  }

  @Test
  void rulesDecideWhenTheAdvisorFails() {
    ScalingAdvisor broken =
        r -> {
          throw new IllegalStateException("quota exceeded");
        };
    GuardedAdvisor guarded = new GuardedAdvisor(broken, Duration.ofSeconds(5), Runnable::run);

    Decision d =
        engine(GuardianConfig.defaults(), guarded).decide(observe(90, 3, WorkloadStatus.HEALTHY));

    assertThat(d.basis()).isEqualTo(Decision.Basis.RULES);
    assertThat(d.toReplicas()).isEqualTo(4);
  }
}

package io.autoagent.guardian.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.guardian.calendar.BusinessCalendar;
import io.autoagent.guardian.calendar.CalendarConfig;
import io.autoagent.guardian.calendar.CalendarContext;
import io.autoagent.guardian.signals.AppSignals;
import io.autoagent.guardian.signals.WorkloadSample;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RuleEngineTest {

  private static final Instant WEEKDAY_NOON = Instant.parse("2026-05-26T10:30:00Z");
  private static final Instant WEEKDAY_NIGHT = Instant.parse("2026-05-26T02:00:00Z");
  private final RuleEngine rules = new RuleEngine(Thresholds.DEFAULTS);
  private final BusinessCalendar calendar =
      new BusinessCalendar(CalendarConfig.defaults(), Clock.systemUTC());

  private static WorkloadSample sample(Instant t, double cpu, double mem, AppSignals app) {
    return WorkloadSample.of(t, cpu, mem, 4, 4).withApp(app);
  }

  private CalendarContext at(Instant t) {
    return calendar.at(t);
  }

  @Test
  void scalesUpOneReplicaInConservativeModeWhenCpuIsHigh() {
    // given
    WorkloadSample s = sample(WEEKDAY_NOON, 80, 50, AppSignals.NONE);

    // when
    RuleVerdict v = rules.evaluate(s, s.cpuDemandPods(), at(WEEKDAY_NOON), WorkloadPolicy.DEFAULTS);

    // then
    assertThat(v.direction()).isEqualTo(Direction.UP);
    assertThat(v.target()).isEqualTo(5);
    assertThat(v.reason()).contains("CPU 80% > 75%");
  }

  @Test
  void scalesUpOnLatencyOrErrorsAlone() {
    AppSignals slow = new AppSignals(null, null, 650.0, null, null);
    AppSignals failing = new AppSignals(null, 2.0, null, null, null);

    assertThat(
            rules
                .evaluate(
                    sample(WEEKDAY_NOON, 50, 50, slow),
                    2,
                    at(WEEKDAY_NOON),
                    WorkloadPolicy.DEFAULTS)
                .direction())
        .isEqualTo(Direction.UP);
    assertThat(
            rules
                .evaluate(
                    sample(WEEKDAY_NOON, 50, 50, failing),
                    2,
                    at(WEEKDAY_NOON),
                    WorkloadPolicy.DEFAULTS)
                .direction())
        .isEqualTo(Direction.UP);
  }

  @Test
  void sizesBatchStepsForTheTargetUtilisationInAggressiveMode() {
    // given 4 pods at 90 % CPU, that is 3.6 pods of load; 60 % target needs 6
    WorkloadSample s = sample(WEEKDAY_NOON, 90, 50, AppSignals.NONE);
    WorkloadPolicy aggressive = WorkloadPolicy.DEFAULTS.withMode(Mode.AGGRESSIVE);

    // when
    RuleVerdict v = rules.evaluate(s, s.cpuDemandPods(), at(WEEKDAY_NOON), aggressive);

    // then
    assertThat(v.target()).isEqualTo(6);
  }

  @Test
  void multiSignalGatingNeedsCpuAndOneMoreSignal() {
    RuleEngine gated = new RuleEngine(Thresholds.DEFAULTS.withCpuGating(true));
    AppSignals slow = new AppSignals(null, null, 650.0, null, null);

    RuleVerdict cpuOnly =
        gated.evaluate(
            sample(WEEKDAY_NOON, 80, 50, AppSignals.NONE),
            3.2,
            at(WEEKDAY_NOON),
            WorkloadPolicy.DEFAULTS);
    RuleVerdict latencyOnly =
        gated.evaluate(
            sample(WEEKDAY_NOON, 50, 50, slow), 2, at(WEEKDAY_NOON), WorkloadPolicy.DEFAULTS);
    RuleVerdict both =
        gated.evaluate(
            sample(WEEKDAY_NOON, 80, 50, slow), 3.2, at(WEEKDAY_NOON), WorkloadPolicy.DEFAULTS);

    assertThat(cpuOnly.direction()).isEqualTo(Direction.STEADY);
    assertThat(latencyOnly.direction()).isEqualTo(Direction.STEADY);
    assertThat(latencyOnly.reason()).contains("gated");
    assertThat(both.direction()).isEqualTo(Direction.UP);
  }

  @Test
  void scalesDownInConservativeModeOnlyOutsideBusinessHours() {
    AppSignals quiet = new AppSignals(10.0, 0.0, 120.0, null, null);

    RuleVerdict day =
        rules.evaluate(
            sample(WEEKDAY_NOON, 20, 30, quiet), 0.8, at(WEEKDAY_NOON), WorkloadPolicy.DEFAULTS);
    RuleVerdict night =
        rules.evaluate(
            sample(WEEKDAY_NIGHT, 20, 30, quiet), 0.8, at(WEEKDAY_NIGHT), WorkloadPolicy.DEFAULTS);

    assertThat(day.direction()).isEqualTo(Direction.STEADY);
    assertThat(day.reason()).contains("off-hours");
    assertThat(night.direction()).isEqualTo(Direction.DOWN);
    assertThat(night.target()).isEqualTo(3);
  }

  @Test
  void doesNotScaleDownWhileAnySignalIsNotLow() {
    AppSignals errors = new AppSignals(10.0, 0.5, 120.0, null, null);

    RuleVerdict v =
        rules.evaluate(
            sample(WEEKDAY_NIGHT, 20, 30, errors), 0.8, at(WEEKDAY_NIGHT), WorkloadPolicy.DEFAULTS);

    assertThat(v.direction()).isEqualTo(Direction.STEADY);
  }

  @Test
  void aggressiveModeScalesDownOnlyWhatTheTargetDoesNotNeed() {
    WorkloadPolicy aggressive = WorkloadPolicy.DEFAULTS.withMode(Mode.AGGRESSIVE);

    RuleVerdict v =
        rules.evaluate(
            sample(WEEKDAY_NOON, 25, 30, AppSignals.NONE), 1.0, at(WEEKDAY_NOON), aggressive);

    assertThat(v.direction()).isEqualTo(Direction.DOWN);
    assertThat(v.target()).isEqualTo(2);
  }
}

package io.autoagent.guardian.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The evaluation's target: on the seasonal trace, prediction cuts SLO-violation minutes by at
 * least half against the HPA-like policy for at most 10 % more replica-hours. Fixed seed, so the
 * numbers are exact; {@link ReplayEvaluation#main} prints the full table.
 */
class ReplayEvaluationTest {

  @Test
  void predictionHalvesSloViolationsForAtMostTenPercentMoreReplicaHoursOnSeasonalTrace() {
    // given
    TrafficTrace trace = Traces.seasonal(ReplayEvaluation.SEED);

    // when
    SimResult hpa = ReplaySimulator.run(trace, new HpaLikePolicy(1, 10, ReplayEvaluation.INITIAL));
    SimResult predictive = ReplaySimulator.run(trace,
        new GuardianPolicy("predictive", ReplayEvaluation.tuned(true), ReplayEvaluation.INITIAL));

    // then
    assertThat(hpa.sloViolationMinutes()).isEqualTo(3.0);
    assertThat(predictive.sloViolationMinutes())
        .isLessThanOrEqualTo(hpa.sloViolationMinutes() / 2);
    assertThat(predictive.replicaHours()).isLessThanOrEqualTo(hpa.replicaHours() * 1.10);
  }

  @Test
  void hpaBaselineViolatesSloOnlyWhenLoadOutrunsItsOneMinuteReaction() {
    // given a flat load the HPA can hold at its target
    double[] flat = new double[600];
    java.util.Arrays.fill(flat, 2.8);
    TrafficTrace trace = new TrafficTrace("flat", Traces.START, flat);

    // when
    SimResult hpa = ReplaySimulator.run(trace, new HpaLikePolicy(1, 10, 4));

    // then: 4 pods at 70 % is the HPA's own target, so nothing moves and nothing breaks
    assertThat(hpa.sloViolationMinutes()).isZero();
    assertThat(hpa.changes()).isZero();
    assertThat(hpa.replicaHours()).isEqualTo(40.0);
  }
}

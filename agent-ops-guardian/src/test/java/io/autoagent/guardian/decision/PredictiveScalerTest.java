package io.autoagent.guardian.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PredictiveScalerTest {

  private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

  @Test
  void neverAsksForLessThanTheReactiveRule() {
    // given a scaler that has seen an hour of 1 pod's worth of load
    PredictiveScaler scaler = new PredictiveScaler(PredictiveSettings.DEFAULTS, START, 30, 15);
    int replicas = 2;
    for (int t = 15; t <= 3600; t += 15) {
      replicas = scaler.decide(START.plusSeconds(t), 1.0, replicas, replicas);
    }

    // when the load jumps to 6 pods' worth on the current replicas
    int wanted = scaler.decide(START.plusSeconds(3615), 6.0, replicas, replicas);

    // then: at least what the rule sizes for its target utilisation
    assertThat(wanted)
        .isGreaterThanOrEqualTo(
            (int) Math.ceil(6.0 / PredictiveSettings.DEFAULTS.targetUtilisation() - 1e-9));
  }

  @Test
  void scalesDownBeforeTheHpaWouldOnceTheForecastIsCalibrated() {
    // given a day of steady load at 3 pods' worth, settled replicas
    PredictiveScaler scaler = new PredictiveScaler(PredictiveSettings.DEFAULTS, START, 30, 15);
    int replicas = 2;
    long t = 15;
    for (; t <= 86_400; t += 15) {
      replicas = scaler.decide(START.plusSeconds(t), 3.0, replicas, replicas);
    }
    assertThat(scaler.forecaster().confident()).isTrue();
    int before = replicas;

    // when the load halves for good
    int after = before;
    long changedAt = -1;
    for (long s = t; s <= t + 600; s += 15) {
      after = scaler.decide(START.plusSeconds(s), 1.0, after, after);
      if (after < before && changedAt < 0) {
        changedAt = s - t;
      }
    }

    // then: down once the median level has seen three low minutes, before the HPA's 300 s
    // stabilisation would even let it start
    assertThat(after).isLessThan(before);
    assertThat(changedAt).isBetween(0L, 240L);
  }

  @Test
  void plansBelowTheUtilisationWhereTheLatencyCurveMeetsATighterObjective() {
    // when
    PredictiveSettings tight = PredictiveSettings.DEFAULTS.forLatencyObjective(300);
    PredictiveSettings loose = PredictiveSettings.DEFAULTS.forLatencyObjective(800);

    // then: 300 ms is met up to 80 %; 500 ms and looser keep the defaults' 86 %
    assertThat(LatencyCurve.utilisationFor(300))
        .isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(tight.planUtilisation()).isLessThan(0.8).isGreaterThan(0.799);
    assertThat(tight.upUtilisation()).isEqualTo(tight.planUtilisation());
    assertThat(tight.targetUtilisation()).isEqualTo(tight.planUtilisation());
    assertThat(loose).isEqualTo(PredictiveSettings.DEFAULTS);
    assertThat(PredictiveSettings.DEFAULTS.forLatencyObjective(500))
        .isEqualTo(PredictiveSettings.DEFAULTS);
    assertThatThrownBy(() -> PredictiveSettings.DEFAULTS.forLatencyObjective(150))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("150");
  }

  @Test
  void takesNewUtilisationsButNotANewForecastQuantile() {
    // given
    PredictiveScaler scaler = new PredictiveScaler(PredictiveSettings.DEFAULTS, START, 30, 15);

    // when
    scaler.settings(PredictiveSettings.DEFAULTS.forLatencyObjective(300));

    // then
    assertThat(scaler.settings().planUtilisation()).isLessThan(0.8);
    assertThatThrownBy(() -> scaler.settings(PredictiveSettings.DEFAULTS.withQuantile(0.9)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quantile");
  }
}

package io.autoagent.guardian.decision;

import static org.assertj.core.api.Assertions.assertThat;

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
}

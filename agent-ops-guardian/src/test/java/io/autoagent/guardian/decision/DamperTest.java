package io.autoagent.guardian.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DamperTest {

  private static final Instant T0 = Instant.parse("2026-05-26T10:00:00Z");

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  void scalesUpAtOnceWithAZeroUpWindow() {
    Damper damper = new Damper(Damping.DEFAULTS);

    Damper.Damped d = damper.damp(3, 5, T0, false);

    assertThat(d.isDeferred()).isFalse();
    assertThat(d.target()).isEqualTo(5);
  }

  @Test
  void holdsScaleDownToTheHighestRecommendationOfTheWindow() {
    // given a recommendation of 6 two minutes ago
    Damper damper = new Damper(Damping.DEFAULTS);
    damper.damp(6, 6, at(0), false);

    // when the load falls
    Damper.Damped soon = damper.damp(6, 3, at(120), false);
    Damper.Damped later = damper.damp(6, 3, at(301), false);

    // then
    assertThat(soon.isDeferred()).isTrue();
    assertThat(soon.deferral()).contains("stabilization");
    assertThat(later.target()).isEqualTo(3);
  }

  @Test
  void limitsEachPeriodToTheLargerOfReplicasAndPercent() {
    Damper damper = new Damper(Damping.DEFAULTS);

    // 2 replicas: max(4, 100 % of 2) = 4 more
    assertThat(damper.damp(2, 10, T0, false).target()).isEqualTo(6);
  }

  @Test
  void movesOneReplicaAtATimeInConservativeMode() {
    Damper damper = new Damper(Damping.DEFAULTS);

    assertThat(damper.damp(2, 10, T0, true).target()).isEqualTo(3);
  }

  @Test
  void coolsDownAfterAScaleUp() {
    Damper damper = new Damper(Damping.DEFAULTS);
    damper.changed(3, 5, T0);

    Damper.Damped tooSoon = damper.damp(5, 7, at(30), false);
    Damper.Damped afterwards = damper.damp(5, 7, at(61), false);

    assertThat(tooSoon.deferral()).contains("cooldown");
    assertThat(afterwards.target()).isEqualTo(7);
  }

  @Test
  void neverScalesDownSoonAfterAnyChange() {
    Damping noWindow =
        new Damping(
            java.time.Duration.ZERO,
            java.time.Duration.ZERO,
            4,
            100,
            java.time.Duration.ofSeconds(60),
            java.time.Duration.ofSeconds(60),
            java.time.Duration.ofSeconds(300));
    Damper damper = new Damper(noWindow);
    damper.changed(3, 5, T0);

    assertThat(damper.damp(5, 3, at(120), false).deferral()).contains("cooldown");
    assertThat(damper.damp(5, 3, at(301), false).target()).isEqualTo(3);
  }
}

package io.autoagent.guardian.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HpaPolicyTest {

  private static SimObservation at(long seconds, double cpu, int desired, int ready) {
    return new SimObservation(
        Instant.EPOCH.plusSeconds(seconds),
        seconds,
        cpu,
        desired,
        ready,
        ready,
        cpu / 100 * ready,
        0,
        150,
        150);
  }

  @Test
  void scalesUpByUtilisationOverTarget() {
    // given 4 pods at 100 % CPU: ceil(4 * 100 / 70) = 6
    HpaPolicy hpa = new HpaPolicy("hpa");

    // when / then
    assertThat(hpa.decide(at(15, 100, 4, 4))).isEqualTo(6);
  }

  @Test
  void countsStartingPodsAtZeroSoItDoesNotOvershootWhileTheyStart() {
    // given 4 ready at 100 % and 2 more starting: 400 / (70 * 6) = 0.95, within tolerance
    HpaPolicy hpa = new HpaPolicy("hpa");

    // when / then
    assertThat(hpa.decide(at(30, 100, 6, 4))).isEqualTo(6);
  }

  @Test
  void ignoresChangesWithinTheTenPercentTolerance() {
    assertThat(new HpaPolicy("hpa").decide(at(15, 75, 4, 4))).isEqualTo(4);
  }

  @Test
  void limitsAScaleUpToDoubleOrFourPodsPerPeriod() {
    // given 1 pod far over target (CPU is capped at 100 %, so ask through many pods)
    HpaPolicy hpa = new HpaPolicy("hpa");

    // when: 10 pods at 100 % want 15; the limit is max(2 * 10, 10 + 4) = 20, so 15
    // and 2 pods at 100 % want 3, the limit max(4, 6) = 6 does not bind
    assertThat(hpa.decide(at(15, 100, 10, 10))).isEqualTo(15);
    assertThat(new HpaPolicy("hpa").decide(at(15, 100, 2, 2))).isEqualTo(3);
  }

  @Test
  void scalesDownOnlyToTheHighestRecommendationOfTheLastFiveMinutes() {
    // given a recommendation of 6 at t=15
    HpaPolicy hpa = new HpaPolicy("hpa");
    assertThat(hpa.decide(at(15, 100, 4, 4))).isEqualTo(6);

    // when load falls to 20 % on 6 pods (wants 2) within 300 s, then after
    int within = hpa.decide(at(300, 20, 6, 6));
    int after = hpa.decide(at(330, 20, 6, 6));

    // then
    assertThat(within).isEqualTo(6);
    assertThat(after).isEqualTo(2);
  }
}

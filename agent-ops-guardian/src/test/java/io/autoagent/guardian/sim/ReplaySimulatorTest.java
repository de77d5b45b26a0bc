package io.autoagent.guardian.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.guardian.config.GuardianConfig;
import io.autoagent.guardian.decision.PredictiveSettings;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplaySimulatorTest {

  private static TrafficTrace flat(double load, int minutes) {
    double[] values = new double[minutes];
    Arrays.fill(values, load);
    return new TrafficTrace("flat", SyntheticTraces.START, values);
  }

  @Test
  void hpaHoldsAFlatLoadAtItsTargetWithoutViolations() {
    // given 4 pods' worth at 70 %: the HPA's own target
    TrafficTrace trace = flat(2.8, 600);

    // when
    SimResult hpa =
        ReplaySimulator.run(
            trace, ServiceModel.DEFAULTS.withBounds(1, 10).withStartup(30), new HpaPolicy("hpa"));

    // then: it scales 2 -> 4 once (the first 15 s tick sees 100 % CPU: 2 * 1.43 = 3 pods, then
    // 4 once the third is ready) and nothing breaks after that
    assertThat(hpa.timeline().replicas()[599]).isEqualTo(4);
    assertThat(hpa.sloViolationMinutes()).isLessThanOrEqualTo(2.0);
    assertThat(hpa.scaleChanges()).isBetween(1, 3);
  }

  @Test
  void predictivePolicyPlansForATighterObjectivesUtilisation() {
    // given 4.25 pods' worth of steady load and a 400 ms objective, met up to 83.6 % utilisation:
    // the default plan (86 %) would keep 5 pods at 85 %, 450 ms, for the whole replay
    TrafficTrace trace = flat(4.25, 180);
    ServiceModel model = ServiceModel.DEFAULTS.withSlo(400);

    // when
    SimResult predictive =
        ReplaySimulator.run(
            trace, model, new PredictivePolicy("predictive", PredictiveSettings.DEFAULTS));

    // then: it keeps 6 pods and violates only while the first ones start
    assertThat(predictive.timeline().replicas()[179]).isEqualTo(6);
    assertThat(predictive.sloViolationMinutes()).isLessThanOrEqualTo(2.0);
    assertThat(PredictivePolicy.forObjective(PredictiveSettings.DEFAULTS, ServiceModel.DEFAULTS))
        .isEqualTo(PredictiveSettings.DEFAULTS);
  }

  @Test
  void countsEveryExistingPodInReplicaHoursAndEveryFifteenSecondTickOverTheSlo() {
    // given a fixed policy of 2 pods and a load one pod can just not serve within the SLO
    ScalingPolicy fixed =
        new ScalingPolicy() {
          @Override
          public String name() {
            return "fixed";
          }

          @Override
          public int decide(SimObservation observation) {
            return 2;
          }
        };

    // when: 60 minutes at 1.9 pods of load on 2 pods (95 % utilisation)
    SimResult r = ReplaySimulator.run(flat(1.9, 60), ServiceModel.DEFAULTS, fixed);

    // then
    assertThat(r.replicaHours()).isEqualTo(2.0);
    assertThat(r.sloViolationMinutes()).isEqualTo(60.0);
    assertThat(r.scaleChanges()).isZero();
    assertThat(r.p99LatencyMs()).isGreaterThan(500);
  }

  @Test
  void oracleIsNeverWorseThanAnyPolicyOnSyntheticTraces() {
    // given three days of each synthetic workload, sized so the p99 minute needs 7 pods
    for (TrafficTrace raw :
        List.of(SyntheticTraces.webServer(7), SyntheticTraces.socialStream(7))) {
      TrafficTrace requests = raw.window(0, 3 * 1440, raw.name());
      TrafficTrace load = requests.scaled(7 * 0.7 / requests.quantile(0.99));

      // when
      SimResult oracle =
          ReplaySimulator.run(
              load,
              ServiceModel.DEFAULTS,
              Policies.create(
                  Policies.ORACLE, GuardianConfig.defaults(), PredictiveSettings.DEFAULTS));

      // then
      for (String name : Policies.ALL) {
        SimResult other =
            ReplaySimulator.run(
                load,
                ServiceModel.DEFAULTS,
                Policies.create(name, GuardianConfig.defaults(), PredictiveSettings.DEFAULTS));
        assertThat(oracle.sloViolationMinutes())
            .as("%s vs %s", raw.name(), name)
            .isLessThanOrEqualTo(other.sloViolationMinutes());
      }
    }
  }

  @Test
  void replaysDeterministically() {
    // given
    TrafficTrace raw = SyntheticTraces.socialStream(11).window(0, 2 * 1440, "s");
    TrafficTrace load = raw.scaled(7 * 0.7 / raw.quantile(0.99));

    // when
    SimResult first =
        ReplaySimulator.run(
            load,
            ServiceModel.DEFAULTS,
            new PredictivePolicy("predictive", PredictiveSettings.DEFAULTS));
    SimResult second =
        ReplaySimulator.run(
            load,
            ServiceModel.DEFAULTS,
            new PredictivePolicy("predictive", PredictiveSettings.DEFAULTS));

    // then
    assertThat(second.sloViolationMinutes()).isEqualTo(first.sloViolationMinutes());
    assertThat(second.replicaHours()).isEqualTo(first.replicaHours());
    assertThat(second.timeline().replicas()).isEqualTo(first.timeline().replicas());
  }
}

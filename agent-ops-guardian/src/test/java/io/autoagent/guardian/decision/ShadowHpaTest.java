package io.autoagent.guardian.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.guardian.sim.HpaPolicy;
import io.autoagent.guardian.sim.ReplaySimulator;
import io.autoagent.guardian.sim.ScalingPolicy;
import io.autoagent.guardian.sim.ServiceModel;
import io.autoagent.guardian.sim.SimObservation;
import io.autoagent.guardian.sim.TrafficTrace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShadowHpaTest {

  @Test
  void keepsTheReplicasTheSimulatedHpaKeepsForTheSameLoad() {
    // given: a day of noisy load with a slow cycle and bursts
    Random random = new Random(7);
    double[] load = new double[1440];
    for (int m = 0; m < load.length; m++) {
      double cycle = 2 + 1.5 * Math.sin(2 * Math.PI * m / 1440.0);
      double burst = random.nextDouble() < 0.01 ? 3 * random.nextDouble() : 0;
      load[m] = Math.max(0, cycle + burst + 0.4 * random.nextGaussian());
    }
    TrafficTrace trace = new TrafficTrace("t", Instant.parse("2026-03-02T00:00:00Z"), load);
    ShadowHpa shadow = new ShadowHpa(ServiceModel.TICK_SECONDS);
    List<int[]> pairs = new ArrayList<>();
    HpaPolicy hpa = new HpaPolicy("hpa");
    ScalingPolicy both =
        new ScalingPolicy() {
          @Override
          public String name() {
            return "both";
          }

          @Override
          public int decide(SimObservation o) {
            int real = hpa.decide(o);
            int shadowed = shadow.update(o.time().getEpochSecond(), o.load(), 30);
            pairs.add(new int[] {real, shadowed});
            return real;
          }
        };

    // when
    ReplaySimulator.run(trace, new ServiceModel(30, 500, 1, 100, 1), both);

    // then: the same replicas at every decision
    assertThat(pairs).hasSizeGreaterThan(5000);
    long same = pairs.stream().filter(p -> p[0] == p[1]).count();
    assertThat(same).isEqualTo(pairs.size());
  }

  @Test
  void neverGoesBelowOneReplica() {
    // given
    ShadowHpa shadow = new ShadowHpa(15);

    // when: no load for ten minutes after a busy one
    int busy = shadow.update(15, 5, 30);
    int idle = 0;
    for (int t = 30; t <= 630; t += 15) {
      idle = shadow.update(t, 0, 30);
    }

    // then
    assertThat(busy).isGreaterThan(1);
    assertThat(idle).isEqualTo(1);
  }
}

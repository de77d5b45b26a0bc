package io.autoagent.guardian.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AutoRegressionTest {

  /** y(t) = 2 + 0.8 (y(t-1) - 2) + noise: what persists of a burst. */
  private static double[] ar1(int n, long seed) {
    Random random = new Random(seed);
    double[] y = new double[n];
    y[0] = 2;
    for (int t = 1; t < n; t++) {
      y[t] = 2 + 0.8 * (y[t - 1] - 2) + 0.3 * random.nextGaussian();
    }
    return y;
  }

  @Test
  void learnsHowMuchOfTheLastMinutePersists() {
    // given
    double[] y = ar1(3000, 1);
    AutoRegression r = new AutoRegression(2, 1, 10_000);

    // when
    for (int t = 0; t < y.length; t++) {
      r.observe(t, y[t], new double[][] {null, {1, y[t]}});
    }

    // then: from 5 the next value is expected at 2 + 0.8 * 3
    assertThat(r.predict(1, new double[] {1, 5})).isCloseTo(4.4, within(0.1));
    assertThat(r.samples()).isGreaterThan(2500);
  }

  @Test
  void learnsEachHorizonFromFeaturesThatManyMinutesOld() {
    // given
    double[] y = ar1(3000, 2);
    AutoRegression r = new AutoRegression(2, 2, 10_000);

    // when
    for (int t = 0; t < y.length; t++) {
      double[] x = {1, y[t]};
      r.observe(t, y[t], new double[][] {null, x, x});
    }

    // then: two minutes ahead, 0.8 squared of the deviation is left
    assertThat(r.predict(2, new double[] {1, 5})).isCloseTo(2 + 0.64 * 3, within(0.15));
  }

  @Test
  void staysFiniteWhenAFeatureNeverVaries() {
    // given a second constant column, which alone would make the normal equations singular
    double[] y = ar1(500, 3);
    AutoRegression r = new AutoRegression(3, 1, 1440);

    // when
    for (int t = 0; t < y.length; t++) {
      r.observe(t, y[t], new double[][] {null, {1, 1, y[t]}});
    }

    // then
    assertThat(r.predict(1, new double[] {1, 1, 5})).isFinite().isCloseTo(4.4, within(0.3));
  }

  @Test
  void forecastsNothingBeforeItHasLearnt() {
    // given
    AutoRegression r = new AutoRegression(2, 1, 1440);

    // when
    r.observe(0, 3, new double[][] {null, {1, 3}});

    // then
    assertThat(r.predict(1, new double[] {1, 3})).isNaN();
  }
}

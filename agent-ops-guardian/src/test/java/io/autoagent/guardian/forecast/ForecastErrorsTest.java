package io.autoagent.guardian.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ForecastErrorsTest {

  @Test
  void widensTheQuantileWhereTheLoadIsBusyAndNoisier() {
    // given forecasts of quiet minutes (10, off by little) and busy ones (100, off by a lot)
    Random random = new Random(1);
    ForecastErrors errors = new ForecastErrors(1, 0.95);
    for (int m = 0; m < 1500; m++) {
      boolean busy = m % 2 == 0;
      double base = busy ? 100 : 10;
      errors.remember(m, 1, base);
      errors.score(m + 1, base * (1 + (busy ? 0.3 : 0.02) * random.nextGaussian()));
    }

    // when
    errors.refresh();

    // then: the quiet minutes' quantile is close to their base, the busy ones' far above it
    assertThat(errors.upper(1, 10)).isBetween(10.0, 11.0);
    assertThat(errors.upper(1, 100)).isGreaterThan(135);
    assertThat(errors.exceedance(1, 10, 11)).isLessThan(0.05);
    assertThat(errors.exceedance(1, 100, 110)).isGreaterThan(0.2);
  }

  @Test
  void provisionsAboveTheBaseBeforeItKnowsItsErrors() {
    // given
    ForecastErrors errors = new ForecastErrors(2, 0.95);

    // then
    assertThat(errors.upper(1, 10)).isEqualTo(15);
    assertThat(errors.exceedance(1, 10, 20)).isNaN();
  }
}

package io.autoagent.guardian.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeasonalQuantileForecasterTest {

  private static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");

  /** Poisson-like counts around a daily cycle with a sharp step at 12:00 every day. */
  private static double daily(int minute, Random random) {
    int tod = minute % 1440;
    double mean = tod >= 720 && tod < 780 ? 120 : 20 + 30 * Math.sin(Math.PI * tod / 1440);
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
  }

  @Test
  void coversAboutItsQuantileOfOutcomes() {
    // given
    Random random = new Random(1);
    SeasonalQuantileForecaster f = new SeasonalQuantileForecaster(MONDAY, 0.95, 5, 2);
    int covered = 0;
    int scored = 0;

    // when: four days, scoring the next-minute forecast over the last two
    for (int m = 0; m < 4 * 1440; m++) {
      double forecast = f.forecast(1);
      double actual = daily(m, random);
      if (m >= 2 * 1440) {
        scored++;
        covered += actual <= forecast ? 1 : 0;
      }
      f.observe(actual);
    }

    // then
    assertThat((double) covered / scored).isBetween(0.92, 0.99);
    assertThat(f.confident()).isTrue();
  }

  @Test
  void seasonalForecastSeesTheDailyStepComing() {
    // given three days of a load that jumps from about 45 to 120 at 12:00 each day
    Random random = new Random(2);
    SeasonalQuantileForecaster f = new SeasonalQuantileForecaster(MONDAY, 0.95, 5, 3);
    int m = 0;
    for (; m < 3 * 1440 + 718; m++) {
      f.observe(daily(m, random));
    }

    // when: at 11:58, forecasting 12:00 (two minutes ahead)
    double atNoon = f.forecast(2);

    // then: the seasonal model won on pinball loss and provisions for the step
    assertThat(f.method()).isEqualTo(SeasonalQuantileForecaster.Method.SEASONAL);
    assertThat(atNoon).isGreaterThan(90);
  }

  @Test
  void demotesTheSeasonalModelWhenThePatternStops() {
    // given two days of the daily pattern, then two days of flat load
    Random random = new Random(3);
    SeasonalQuantileForecaster f = new SeasonalQuantileForecaster(MONDAY, 0.95, 5, 2);
    for (int m = 0; m < 2 * 1440; m++) {
      f.observe(daily(m, random));
    }

    // when
    for (int m = 0; m < 2 * 1440; m++) {
      f.observe(Math.max(0, Math.round(40 + Math.sqrt(40) * random.nextGaussian())));
    }

    // then
    assertThat(f.method()).isNotEqualTo(SeasonalQuantileForecaster.Method.SEASONAL);
  }

  @Test
  void givesTheChanceOfExceedingACapacity() {
    // given a day of flat Poisson-like load around 40
    Random random = new Random(4);
    SeasonalQuantileForecaster f = new SeasonalQuantileForecaster(MONDAY, 0.95, 5, 1);
    for (int m = 0; m < 1440; m++) {
      f.observe(Math.max(0, Math.round(40 + Math.sqrt(40) * random.nextGaussian())));
    }

    // then: 40 is exceeded about half the time, 60 (three sigmas) almost never
    assertThat(f.exceedance(1, 40)).isBetween(0.3, 0.7);
    assertThat(f.exceedance(1, 60)).isLessThan(0.01);
  }

  @Test
  void learnsThatBurstsPersistAndForecastsTheirNextMinute() {
    // given two days of Poisson-like counts around 40 whose level wanders and persists
    // (a busy visitor keeps reading: a burst lasts minutes)
    Random random = new Random(5);
    SeasonalQuantileForecaster f = new SeasonalQuantileForecaster(MONDAY, 0.95, 5, 2);
    double a = 0;
    double last = 0;
    for (int m = 0; m < 2 * 1440; m++) {
      a = 0.9 * a + 0.25 * random.nextGaussian();
      double mean = 40 * Math.exp(a);
      last = Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
      f.observe(last);
    }

    // when: a minute far above the usual level
    f.observe(3 * 40);

    // then: the regression won on pinball loss and expects much of the burst to go on
    assertThat(f.method()).isEqualTo(SeasonalQuantileForecaster.Method.REGRESSION);
    assertThat(f.forecast(1)).isGreaterThan(80);
  }
}

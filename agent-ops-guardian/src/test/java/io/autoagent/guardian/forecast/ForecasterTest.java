package io.autoagent.guardian.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecasterTest {

  private static List<Double> seasonal(int seasons, int season) {
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < seasons * season; i++) {
      values.add(10 + 5 * Math.sin(2 * Math.PI * (i % season) / season));
    }
    return values;
  }

  @Test
  void holtWintersRepeatsALearnedSeason() {
    int season = 24;
    List<Double> history = seasonal(3, season);

    Forecast f = new HoltWintersForecaster(season).forecast(history, 6).orElseThrow();

    assertThat(f.method()).isEqualTo(Forecast.Method.HOLT_WINTERS);
    for (int h = 1; h <= 6; h++) {
      double expected = 10 + 5 * Math.sin(2 * Math.PI * ((3 * season + h - 1) % season) / season);
      assertThat(f.values().get(h - 1)).isCloseTo(expected, offset(0.5));
    }
  }

  @Test
  void fallsBackToALinearTrendWithLessThanTwoSeasons() {
    List<Double> rising = List.of(1.0, 2.0, 3.0, 4.0, 5.0);

    Forecast f = AdaptiveForecaster.daily(5).forecast(rising, 2).orElseThrow();

    assertThat(f.method()).isEqualTo(Forecast.Method.LINEAR);
    assertThat(f.values()).containsExactly(6.0, 7.0);
  }

  @Test
  void refusesTooShortAHistoryAndNeverForecastsNegativeLoad() {
    assertThat(AdaptiveForecaster.daily(5).forecast(List.of(1.0, 2.0), 1)).isEmpty();
    Forecast falling =
        new LinearTrendForecaster(12).forecast(List.of(3.0, 2.0, 1.0), 5).orElseThrow();
    assertThat(falling.values()).allMatch(v -> v >= 0);
  }

  @Test
  void accuracyDemotesAboveTheThresholdAndPromotesWellBelowIt() {
    ForecastAccuracy accuracy = new ForecastAccuracy(4, 2, 0.25);
    Instant t = Instant.parse("2026-05-26T10:00:00Z");
    for (int i = 0; i < 4; i++) {
      accuracy.expect(t.plusSeconds(300L * i), 15);
      accuracy.observe(t.plusSeconds(300L * i), 10);
    }
    assertThat(accuracy.mape()).isCloseTo(0.5, offset(1e-9));
    assertThat(accuracy.demoted()).isTrue();

    for (int i = 4; i < 8; i++) {
      accuracy.expect(t.plusSeconds(300L * i), 10.5);
      accuracy.observe(t.plusSeconds(300L * i), 10);
    }
    assertThat(accuracy.mape()).isCloseTo(0.05, offset(1e-9));
    assertThat(accuracy.demoted()).isFalse();
  }
}

package io.autoagent.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @Test
  void parsesGoStyleDurations() {
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse(" 2m30s ")).isEqualTo(Duration.ofSeconds(150));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "PT10M", "1d", "5 m", "-5m", "1.5h", "m5"})
  void refusesOtherTextNamingIt(String text) {
    assertThat(Durations.isDuration(text)).isFalse();
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void writesWhatItReads() {
    for (String text : new String[] {"10m", "1h30m", "45s", "250ms"}) {
      assertThat(Durations.words(Durations.parse(text))).isEqualTo(text);
    }
  }
}

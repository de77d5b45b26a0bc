package io.autoagent.tools.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubeTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-05-01T10:00:00Z",
        "1999-12-31T23:59:59Z",
        "2024-02-29T00:00:00Z",
        "2024-05-01T10:00:00.123456Z",
        "2024-05-01T12:00:00+02:00"
      })
  void readsTimestampsExactlyAsTheGeneralParserDoes(String text) {
    assertThat(Kube.instant(text)).isEqualTo(Instant.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2023-02-29T00:00:00Z",
        "2024-13-01T00:00:00Z",
        "2024-05-0xT10:00:00Z",
        "yesterday",
        "2024-05-01 10:00:00Z"
      })
  void answersNullForWhatIsNotATimestamp(String text) {
    assertThat(Kube.instant(text)).isNull();
  }
}

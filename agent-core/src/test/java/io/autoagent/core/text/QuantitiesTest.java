package io.autoagent.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {

  @ParameterizedTest
  @CsvSource({
    "512Mi, 536870912",
    "1.5Gi, 1610612736",
    "1Ki, 1024",
    "2Ti, 2199023255552",
    "1e3, 1000",
    "1E3, 1000",
    "2k, 2000",
    "1M, 1000000",
    "1G, 1000000000",
    "128974848, 128974848",
    "500m, 0.5",
    "100n, 0.0000001",
    "0.5, 0.5",
    ".5Gi, 536870912",
    "1e-3, 0.001"
  })
  void readsTheKubernetesGrammar(String quantity, String amount) {
    assertThat(Quantities.amount(quantity)).isEqualByComparingTo(new BigDecimal(amount));
    assertThat(Quantities.isQuantity(quantity)).isTrue();
  }

  @Test
  void roundsBytesUp() {
    assertThat(Quantities.bytes("1.5Gi")).isEqualTo(1610612736L);
    assertThat(Quantities.bytes("500m")).isEqualTo(1L);
    assertThat(Quantities.bytes("1e3")).isEqualTo(1000L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Mi", "lots", "512MB", "1K", "-1Gi", "1.2.3", "5 Mi", "1e", "0x10"})
  void refusesWhatIsNotAQuantityNamingIt(String text) {
    assertThat(Quantities.isQuantity(text)).isFalse();
    assertThatThrownBy(() -> Quantities.amount(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void refusesNull() {
    assertThat(Quantities.isQuantity(null)).isFalse();
    assertThatThrownBy(() -> Quantities.bytes(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writesWholeMebibytesRoundedAsAsked() {
    assertThat(Quantities.mebibytes(805306368L)).isEqualTo("768Mi");
    assertThat(Quantities.mebibytes(805306369L)).isEqualTo("769Mi");
    assertThat(Quantities.mebibytes(BigDecimal.valueOf(644245094L), RoundingMode.FLOOR))
        .isEqualTo("614Mi");
  }
}

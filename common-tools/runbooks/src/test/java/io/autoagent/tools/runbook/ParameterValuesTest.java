package io.autoagent.tools.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.tools.runbook.Runbook.Parameter;
import io.autoagent.tools.runbook.Runbook.ParameterType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterValuesTest {

  private static Parameter param(ParameterType type) {
    return new Parameter(
        "p", type, "a parameter", false, null, List.of(), null, null, null, List.of());
  }

  @Test
  void coercesEachTypeFromTextAndFromYamlScalars() {
    assertThat(ParameterValues.coerce(param(ParameterType.INTEGER), "3")).isEqualTo(3L);
    assertThat(ParameterValues.coerce(param(ParameterType.INTEGER), 3.0)).isEqualTo(3L);
    assertThat(ParameterValues.coerce(param(ParameterType.NUMBER), "2.5")).isEqualTo(2.5);
    assertThat(ParameterValues.coerce(param(ParameterType.BOOLEAN), "TRUE")).isEqualTo(true);
    assertThat(ParameterValues.coerce(param(ParameterType.STRING), " shop ")).isEqualTo("shop");
    assertThat(ParameterValues.coerce(param(ParameterType.QUANTITY), "1.5Gi")).isEqualTo("1.5Gi");
    assertThat(ParameterValues.coerce(param(ParameterType.QUANTITY), "1e3")).isEqualTo("1e3");
    assertThat(ParameterValues.coerce(param(ParameterType.DURATION), "1h30m")).isEqualTo("1h30m");
  }

  @Test
  void refusesAValueOfTheWrongTypeSayingWhatWasExpected() {
    assertThatThrownBy(() -> ParameterValues.coerce(param(ParameterType.INTEGER), 2.5))
        .hasMessageContaining("expected an integer");
    assertThatThrownBy(() -> ParameterValues.coerce(param(ParameterType.BOOLEAN), "yes"))
        .hasMessageContaining("expected true or false, got 'yes'");
    assertThatThrownBy(() -> ParameterValues.coerce(param(ParameterType.QUANTITY), "lots"))
        .hasMessageContaining("Kubernetes quantity");
    assertThatThrownBy(() -> ParameterValues.coerce(param(ParameterType.DURATION), "PT5M"))
        .hasMessageContaining("duration");
    assertThatThrownBy(() -> ParameterValues.coerce(param(ParameterType.STRING), Map.of("a", 1)))
        .hasMessageContaining("non-empty string");
  }

  @Test
  void holdsValuesToBoundsPatternAndAllowedValues() {
    Parameter bounded =
        new Parameter(
            "replicas",
            ParameterType.INTEGER,
            "r",
            true,
            null,
            List.of(),
            1.0,
            10.0,
            null,
            List.of());
    Parameter patterned =
        new Parameter(
            "ns",
            ParameterType.STRING,
            "n",
            true,
            null,
            List.of(),
            null,
            null,
            "[a-z]+",
            List.of());
    Parameter listed =
        new Parameter(
            "kind",
            ParameterType.STRING,
            "k",
            true,
            null,
            List.of(),
            null,
            null,
            null,
            List.of("Deployment", "StatefulSet"));

    assertThat(ParameterValues.coerce(bounded, 10)).isEqualTo(10L);
    assertThatThrownBy(() -> ParameterValues.coerce(bounded, 11))
        .hasMessage("11 is above the maximum 10");
    assertThatThrownBy(() -> ParameterValues.coerce(bounded, 0))
        .hasMessage("0 is below the minimum 1");
    assertThatThrownBy(() -> ParameterValues.coerce(patterned, "Shop"))
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> ParameterValues.coerce(listed, "DaemonSet"))
        .hasMessageContaining("is not one of");
  }
}

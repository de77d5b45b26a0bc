package io.autoagent.guardian.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.guardian.decision.Damping;
import io.autoagent.guardian.decision.Mode;
import io.autoagent.guardian.decision.Thresholds;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardianConfigTest {

  @Test
  void defaultsToTheSeedThresholds() {
    GuardianConfig c = GuardianConfig.fromEnv(Map.of());

    assertThat(c.thresholds()).isEqualTo(Thresholds.DEFAULTS);
    assertThat(c.damping()).isEqualTo(Damping.DEFAULTS);
    assertThat(c.defaultPolicy().minReplicas()).isEqualTo(1);
    assertThat(c.defaultPolicy().maxReplicas()).isEqualTo(10);
    assertThat(c.forecast().horizon()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void readsOverrides() {
    GuardianConfig c =
        GuardianConfig.fromEnv(
            Map.of(
                GuardianConfig.FORECAST_MINUTES,
                "20",
                GuardianConfig.MODE,
                "aggressive",
                GuardianConfig.TIMEZONE,
                "Europe/London",
                GuardianConfig.UP_CPU,
                "80",
                GuardianConfig.MIN_REPLICAS,
                "0"));

    assertThat(c.forecast().horizon()).isEqualTo(Duration.ofMinutes(20));
    assertThat(c.defaultPolicy().mode()).isEqualTo(Mode.AGGRESSIVE);
    assertThat(c.calendar().zone()).isEqualTo(ZoneId.of("Europe/London"));
    assertThat(c.thresholds().upCpuPercent()).isEqualTo(80);
    assertThat(c.defaultPolicy().minReplicas()).isEqualTo(1);
  }

  @Test
  void readsThePodBudgetAndNamesABadOne() {
    assertThat(GuardianConfig.fromEnv(Map.of()).forecast().budgetRatio())
        .isEqualTo(io.autoagent.guardian.decision.PredictiveSettings.DEFAULTS.budgetRatio());
    assertThat(
            GuardianConfig.fromEnv(Map.of(GuardianConfig.BUDGET_RATIO, "1.0"))
                .forecast()
                .budgetRatio())
        .isEqualTo(1.0);
    assertThat(
            GuardianConfig.fromEnv(Map.of(GuardianConfig.BUDGET_RATIO, "0"))
                .forecast()
                .budgetRatio())
        .isZero();
    for (String bad : new String[] {"ample", "2.5", "0.1", "-1"}) {
      assertThatThrownBy(() -> GuardianConfig.fromEnv(Map.of(GuardianConfig.BUDGET_RATIO, bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("GUARDIAN_BUDGET_RATIO=" + bad);
    }
  }

  @Test
  void namesTheVariableThatIsWrong() {
    assertThatThrownBy(() -> GuardianConfig.fromEnv(Map.of(GuardianConfig.TIMEZONE, "Mars/Base")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(GuardianConfig.TIMEZONE);
  }

  @Test
  void readsTheStabilizationWindowUnderItsNewAndItsDeprecatedName() {
    GuardianConfig renamed = GuardianConfig.fromEnv(Map.of("GUARDIAN_DOWN_STABILIZATION_S", "120"));
    GuardianConfig deprecated =
        GuardianConfig.fromEnv(Map.of("GUARDIAN_DOWN_STABILIZATION_SECONDS", "90"));

    assertThat(renamed.damping().downStabilization()).isEqualTo(Duration.ofSeconds(120));
    assertThat(deprecated.damping().downStabilization()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void refusesAWordWhereABooleanBelongs() {
    assertThatThrownBy(() -> GuardianConfig.fromEnv(Map.of(GuardianConfig.SHADOW, "maybe")))
        .isInstanceOf(io.autoagent.core.config.ConfigException.class)
        .hasMessage("GUARDIAN_SHADOW=maybe is not valid: expected true or false");
  }

  @Test
  void documentsTheDefaultsItUses() {
    GuardianConfig c = GuardianConfig.fromEnv(Map.of());

    assertThat(declared(GuardianConfig.MODE))
        .isEqualTo(c.defaultPolicy().mode().name().toLowerCase(java.util.Locale.ROOT));
    assertThat(declared(GuardianConfig.MIN_REPLICAS))
        .isEqualTo(String.valueOf(c.defaultPolicy().minReplicas()));
    assertThat(declared(GuardianConfig.MAX_REPLICAS))
        .isEqualTo(String.valueOf(c.defaultPolicy().maxReplicas()));
    assertThat(declared(GuardianConfig.SHADOW))
        .isEqualTo(String.valueOf(c.defaultPolicy().shadow()));
    assertThat(declared(GuardianConfig.PREDICTIVE))
        .isEqualTo(String.valueOf(c.defaultPolicy().predictive()));
    assertThat(Double.parseDouble(declared(GuardianConfig.UP_CPU)))
        .isEqualTo(c.thresholds().upCpuPercent());
    assertThat(Double.parseDouble(declared(GuardianConfig.DOWN_CPU)))
        .isEqualTo(c.thresholds().downCpuPercent());
    assertThat(Double.parseDouble(declared(GuardianConfig.TARGET_CPU)))
        .isEqualTo(c.thresholds().targetCpuPercent());
    assertThat(declared(GuardianConfig.CPU_GATING))
        .isEqualTo(String.valueOf(c.thresholds().requireCpuAndAnother()));
    assertThat(declared(GuardianConfig.DOWN_STABILIZATION_S))
        .isEqualTo(String.valueOf(c.damping().downStabilization().toSeconds()));
    assertThat(Double.parseDouble(declared(GuardianConfig.FORECAST_MAX_MAPE)))
        .isEqualTo(c.forecast().maxMape());
    assertThat(declared(GuardianConfig.FORECAST_MINUTES))
        .isEqualTo(String.valueOf(c.forecast().horizon().toMinutes()));
    assertThat(Double.parseDouble(declared(GuardianConfig.BUDGET_RATIO)))
        .isEqualTo(c.forecast().budgetRatio());
    assertThat(declared(GuardianConfig.TIMEZONE)).isEqualTo(c.calendar().zone().getId());
    assertThat(declared(GuardianConfig.ADVISOR_TIMEOUT_MS))
        .isEqualTo(String.valueOf(c.advisorTimeout().toMillis()));
  }

  private static String declared(String name) {
    return io.autoagent.core.config.Settings.find(name).orElseThrow().defaultValue();
  }
}

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
    GuardianConfig c = GuardianConfig.fromEnv(Map.of(
        GuardianConfig.FORECAST_MINUTES, "20", GuardianConfig.MODE, "aggressive",
        GuardianConfig.TIMEZONE, "Europe/London", GuardianConfig.UP_CPU, "80",
        GuardianConfig.MIN_REPLICAS, "0"));

    assertThat(c.forecast().horizon()).isEqualTo(Duration.ofMinutes(20));
    assertThat(c.defaultPolicy().mode()).isEqualTo(Mode.AGGRESSIVE);
    assertThat(c.calendar().zone()).isEqualTo(ZoneId.of("Europe/London"));
    assertThat(c.thresholds().upCpuPercent()).isEqualTo(80);
    assertThat(c.defaultPolicy().minReplicas()).isEqualTo(1);
  }

  @Test
  void namesTheVariableThatIsWrong() {
    assertThatThrownBy(() -> GuardianConfig.fromEnv(Map.of(GuardianConfig.TIMEZONE, "Mars/Base")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(GuardianConfig.TIMEZONE);
  }
}

package io.autoagent.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

  @Test
  void usesTheDocumentedDefaults() {
    AgentConfig config = AgentConfig.fromEnv("infrastructure-agent", Map.of("HOSTNAME", "pod-1"));

    assertThat(config.natsUrl()).isEqualTo("nats://nats:4222");
    assertThat(config.healthPort()).isEqualTo(8080);
    assertThat(config.statusInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.maxPayloadBytes()).isEqualTo(1024 * 1024);
    assertThat(config.logFormat()).isEqualTo("text");
    assertThat(config.instanceId()).isEqualTo("pod-1");
  }

  @Test
  void namesTheVariableTheValueAndWhatIsAllowed() {
    assertThatThrownBy(() -> AgentConfig.fromEnv("a", Map.of("HEALTH_PORT", "eighty")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("HEALTH_PORT=eighty is not valid: expected an integer from 0 to 65535");
    assertThatThrownBy(() -> AgentConfig.fromEnv("a", Map.of("LOG_FORMAT", "xml")))
        .hasMessage("LOG_FORMAT=xml is not valid: expected one of json, text");
    assertThatThrownBy(() -> AgentConfig.fromEnv("a", Map.of("NATS_URL", "localhost:4222")))
        .hasMessageStartingWith("NATS_URL=localhost:4222 is not valid");
    assertThatThrownBy(() -> AgentConfig.fromEnv("a", Map.of("WORKERS", "0")))
        .hasMessage("WORKERS=0 is not valid: expected an integer from 1 to 1024");
  }

  @Test
  void treatsBlankValuesAsUnset() {
    AgentConfig config = AgentConfig.fromEnv("a", Map.of("STATUS_INTERVAL_S", " ", "WORKERS", ""));

    assertThat(config.statusInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.workers()).isEqualTo(AgentConfig.DEFAULT_WORKERS);
  }

  @Test
  void acceptsSeveralNatsServers() {
    AgentConfig config =
        AgentConfig.fromEnv("a", Map.of("NATS_URL", "nats://a:4222,nats://b:4222"));

    assertThat(config.natsUrl()).isEqualTo("nats://a:4222,nats://b:4222");
  }
}

package io.autoagent.guardian.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.config.ConfigException;
import io.autoagent.core.llm.LlmConfig;
import io.autoagent.guardian.signals.WorkloadRef;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpsGuardianConfigTest {

  @Test
  void defaultsToLabelDiscoveryEveryThirtySecondsWithLeaderElection() {
    OpsGuardianConfig config = OpsGuardianConfig.fromEnv(Map.of("HOME", "/nonexistent"));

    assertThat(config.core().agentName()).isEqualTo("ops-guardian");
    assertThat(config.monitoredServices()).isEmpty();
    assertThat(config.monitorInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaseName()).isEqualTo("ops-guardian");
    assertThat(config.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.historyBucket()).isEqualTo("ops-guardian-history");
    assertThat(config.defaultPauseTtl()).isEqualTo(Duration.ofSeconds(900));
    assertThat(config.prometheusUrl()).isNull();
    assertThat(config.kubernetesConfigured()).isFalse();
    assertThat(config.llm().enabled()).isFalse();
  }

  @Test
  void enablesTheGeminiAdvisorWithAKeyAndHidesIt() {
    OpsGuardianConfig config =
        OpsGuardianConfig.fromEnv(Map.of("GEMINI_API_KEY", "AIza-secret-value"));

    assertThat(config.llm().provider()).isEqualTo(LlmConfig.Provider.GEMINI);
    assertThat(config.llm().model()).isEqualTo("gemini-2.5-flash");
    assertThat(config.toString()).doesNotContain("AIza-secret-value");
  }

  @Test
  void refusesGeminiWithoutAKeyNamingTheVariable() {
    assertThatThrownBy(() -> OpsGuardianConfig.fromEnv(Map.of("LLM_PROVIDER", "gemini")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("GEMINI_API_KEY is not set");
  }

  @Test
  void readsMonitoredServicesAsNamespaceSlashName() {
    OpsGuardianConfig config =
        OpsGuardianConfig.fromEnv(
            Map.of(
                "MONITORED_SERVICES",
                "bank/frontend, bank/ledger-db ,",
                "KUBERNETES_SERVICE_HOST",
                "10.0.0.1"));

    assertThat(config.monitoredServices())
        .containsExactly(WorkloadRef.of("bank", "frontend"), WorkloadRef.of("bank", "ledger-db"));
    assertThat(config.kubernetesConfigured()).isTrue();
  }

  @Test
  void namesTheVariableThatIsWrong() {
    assertThatThrownBy(() -> OpsGuardianConfig.fromEnv(Map.of("MONITORED_SERVICES", "frontend")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("MONITORED_SERVICES=frontend is not valid");
    assertThatThrownBy(() -> OpsGuardianConfig.fromEnv(Map.of("MONITOR_INTERVAL_S", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("MONITOR_INTERVAL_S=0 is not valid");
    assertThatThrownBy(() -> OpsGuardianConfig.fromEnv(Map.of("LEADER_LEASE_NAME", "Not_A_Name")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("LEADER_LEASE_NAME=Not_A_Name");
    assertThatThrownBy(() -> OpsGuardianConfig.fromEnv(Map.of("PROMETHEUS_URL", "prometheus:9090")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("PROMETHEUS_URL=prometheus:9090");
    assertThatThrownBy(() -> OpsGuardianConfig.fromEnv(Map.of("GUARDIAN_TIMEZONE", "Mars/Base")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GUARDIAN_TIMEZONE");
    assertThatThrownBy(() -> OpsGuardianConfig.fromEnv(Map.of("GUARDIAN_MAX_REPLICAS", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GUARDIAN_MAX_REPLICAS=0");
  }
}

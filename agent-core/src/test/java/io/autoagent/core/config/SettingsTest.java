package io.autoagent.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void usesOneSuffixPerUnit() {
    for (Setting s : Settings.ALL) {
      assertThat(s.name())
          .as("no long unit suffixes")
          .doesNotEndWith("_SECONDS")
          .doesNotEndWith("_MILLIS");
      if (s.unit().equals("s")) {
        assertThat(s.name()).as(s.name() + " is in seconds").endsWith("_S");
      }
      if (s.unit().equals("ms")) {
        assertThat(s.name()).as(s.name() + " is in milliseconds").endsWith("_MS");
      }
      if (s.name().endsWith("_S")) {
        assertThat(s.unit()).as(s.name() + " must declare its unit").isEqualTo("s");
      }
    }
  }

  @Test
  void declaresTheVariablesOtherPartsOfTheProjectRead() {
    assertThat(Settings.ALL)
        .extracting(Setting::name)
        .contains(
            "NATS_URL",
            "NATS_CREDS",
            "NATS_NKEY_SEED",
            "NATS_TOKEN",
            "NATS_TOKEN_FILE",
            "NATS_USER",
            "NATS_PASSWORD",
            "NATS_PASSWORD_FILE",
            "NATS_TLS_CA",
            "NATS_TLS_CERT",
            "NATS_TLS_KEY",
            "NATS_TLS_FIRST",
            "NATS_JS_DOMAIN",
            "NATS_CONNECTION_NAME",
            "NATS_STREAM_REPLICAS",
            "WEBHOOK_PORT",
            "WEBHOOK_TOKEN_FILE",
            "WEBHOOK_BASIC_AUTH_FILE",
            "WEBHOOK_ALLOW_ANONYMOUS",
            "GIT_TIMEOUT_S",
            "GITOPS_TIMEOUT_S");
    assertThat(Settings.ALL.stream().filter(s -> s.name().startsWith("GUARDIAN_")))
        .hasSizeGreaterThanOrEqualTo(12);
  }

  @Test
  void marksCredentialsSecret() {
    assertThat(
            Settings.ALL.stream()
                .filter(
                    s ->
                        s.name()
                            .matches(".*(_TOKEN|_PASSWORD|_API_KEY|SECRET_KEY|_SSH_KEY|_CREDS)$")))
        .allSatisfy(s -> assertThat(s.secret()).as(s.name()).isTrue());
    assertThat(Settings.isSecret("NATS_URL")).isFalse();
  }

  @Test
  void readsADeprecatedNameAsItsReplacementAndSaysWhichToUse() {
    Env env = new Env(Map.of("ESCALATION_HTTP_TIMEOUT_SECONDS", "7"));

    assertThat(env.integer("ESCALATION_HTTP_TIMEOUT_S", 10, 1, 300)).isEqualTo(7);
    assertThat(env.deprecations())
        .containsExactly(
            "ESCALATION_HTTP_TIMEOUT_SECONDS is deprecated: use ESCALATION_HTTP_TIMEOUT_S (the value is used)");
  }

  @Test
  void prefersTheNewNameWhenBothAreSet() {
    Env env =
        new Env(
            Map.of(
                "GUARDIAN_DOWN_STABILIZATION_SECONDS",
                "60",
                "GUARDIAN_DOWN_STABILIZATION_S",
                "120"));

    assertThat(env.atLeast("GUARDIAN_DOWN_STABILIZATION_S", 300, 0)).isEqualTo(120);
    assertThat(env.deprecations())
        .singleElement()
        .asString()
        .contains("GUARDIAN_DOWN_STABILIZATION_SECONDS is deprecated and ignored");
  }

  @Test
  void refusesToReadAnUndeclaredNameWhileTesting() {
    Env env = new Env(Map.of("NOT_A_SETTING", "x"));

    assertThatThrownBy(() -> env.get("NOT_A_SETTING"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("NOT_A_SETTING is read but not declared");
  }

  @Test
  void parsesWithAOneLineErrorNamingTheVariable() {
    Env env = new Env(Map.of("GUARDIAN_TIMEZONE", "Mars/Olympus"));

    assertThatThrownBy(
            () -> env.parse("GUARDIAN_TIMEZONE", null, java.time.ZoneId::of, "a time zone"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("GUARDIAN_TIMEZONE=Mars/Olympus is not valid: expected a time zone");
  }

  @Test
  void documentsTheDefaultsTheSharedSettingsUse() {
    AgentConfig config = AgentConfig.fromEnv("a", Map.of());

    assertThat(declaredDefault("NATS_URL")).isEqualTo(config.natsUrl());
    assertThat(declaredDefault("HEALTH_PORT")).isEqualTo(String.valueOf(config.healthPort()));
    assertThat(declaredDefault("STATUS_INTERVAL_S"))
        .isEqualTo(String.valueOf(config.statusInterval().toSeconds()));
    assertThat(declaredDefault("MAX_PAYLOAD_BYTES"))
        .isEqualTo(String.valueOf(config.maxPayloadBytes()));
    assertThat(declaredDefault("WORKERS")).isEqualTo(String.valueOf(config.workers()));
    assertThat(declaredDefault("ACK_WAIT_S"))
        .isEqualTo(String.valueOf(config.ackWait().toSeconds()));
    assertThat(declaredDefault("MAX_DELIVER")).isEqualTo(String.valueOf(config.maxDeliver()));
    assertThat(declaredDefault("SHUTDOWN_GRACE_S"))
        .isEqualTo(String.valueOf(config.shutdownGrace().toSeconds()));
    assertThat(declaredDefault("LOG_FORMAT")).isEqualTo(config.logFormat());
  }

  private static String declaredDefault(String name) {
    return Settings.find(name).orElseThrow().defaultValue();
  }
}

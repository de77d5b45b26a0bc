package io.autoagent.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.core.config.Env;
import io.autoagent.core.config.NatsSettings;
import io.autoagent.core.testing.TestPki;
import io.nats.client.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NatsOptionsTest {

  @TempDir static Path dir;
  static TestPki pki;

  @BeforeAll
  static void files() {
    pki = TestPki.create(dir);
  }

  private static Options options(Map<String, String> vars) {
    return NatsOptions.builder(NatsSettings.fromEnv(new Env(vars), "nats://nats:4222", "agent-1"))
        .build();
  }

  @Test
  void tlsFirstSetsTheHandshakeBeforeInfoWithTheContextFromPem() {
    Options options =
        options(
            Map.of(
                "NATS_URL",
                "tls://nats:4222",
                "NATS_TLS_FIRST",
                "true",
                "NATS_TLS_CA",
                pki.caCert().toString()));

    assertThat(options.isTlsFirst()).isTrue();
    assertThat(options.getSslContext()).isNotNull();
    assertThat(
            options.getSslContext().getDefaultSSLParameters().getEndpointIdentificationAlgorithm())
        .isEqualTo("HTTPS");
  }

  @Test
  void leavesTlsOffForPlainServers() {
    Options options = options(Map.of("NATS_URL", "nats://a:4222,nats://b:4222"));

    assertThat(options.isTlsFirst()).isFalse();
    assertThat(options.getSslContext()).isNull();
    assertThat(options.getServers()).hasSize(2);
  }

  @Test
  void reconnectsForeverUnderItsConnectionName() {
    Options options = options(Map.of("NATS_CONNECTION_NAME", "infra-7"));

    assertThat(options.getMaxReconnect()).isEqualTo(-1);
    assertThat(options.getConnectionName()).isEqualTo("infra-7");
  }

  @Test
  void backsOffExponentiallyWithJitterUpToACap() {
    for (int round = 1; round <= 12; round++) {
      long base = Math.min(250L << (round - 1), 8000);
      Duration wait = NatsOptions.reconnectDelay(round);
      assertThat(wait.toMillis()).as("round " + round).isBetween(base, base + base / 5);
    }
  }

  @Test
  void sendsTheTokenOrUserGiven() throws Exception {
    Path password = dir.resolve("password");
    Files.writeString(password, "pw\n");

    Options token = options(Map.of("NATS_TOKEN", "tok"));
    Options user = options(Map.of("NATS_USER", "agent", "NATS_PASSWORD_FILE", password.toString()));

    assertThat(new String(token.getTokenChars())).isEqualTo("tok");
    assertThat(new String(user.getUsernameChars())).isEqualTo("agent");
    assertThat(new String(user.getPasswordChars())).isEqualTo("pw");
  }
}

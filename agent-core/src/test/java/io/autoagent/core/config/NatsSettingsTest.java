package io.autoagent.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.testing.NatsOperator;
import io.autoagent.core.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NatsSettingsTest {

  @TempDir static Path dir;
  static TestPki pki;
  static NatsOperator operator;

  @BeforeAll
  static void files() {
    pki = TestPki.create(dir.resolve("pki"));
    operator = NatsOperator.create();
  }

  private static NatsSettings read(Map<String, String> vars) {
    return NatsSettings.fromEnv(new Env(vars), "nats://nats:4222", "infrastructure-agent-a");
  }

  private static Path write(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  @Test
  void defaultsToOneOpenServerAndOneReplica() {
    NatsSettings settings = read(Map.of());

    assertThat(settings.servers()).containsExactly("nats://nats:4222");
    assertThat(settings.authMethod()).isEqualTo("none");
    assertThat(settings.tls()).isFalse();
    assertThat(settings.streamReplicas()).isEqualTo(1);
    assertThat(settings.connectionName()).isEqualTo("infrastructure-agent-a");
  }

  @Test
  void readsEverySettingItNames() throws Exception {
    Path creds = operator.userCreds(dir.resolve("agent.creds"), "agent");

    NatsSettings settings =
        read(
            Map.of(
                "NATS_URL",
                "tls://a:4222, tls://b:4222",
                "NATS_CREDS",
                creds.toString(),
                "NATS_TLS_CA",
                pki.caCert().toString(),
                "NATS_TLS_CERT",
                pki.file("client.crt").toString(),
                "NATS_TLS_KEY",
                pki.file("client.key").toString(),
                "NATS_TLS_FIRST",
                "true",
                "NATS_JS_DOMAIN",
                "leaf-1",
                "NATS_CONNECTION_NAME",
                "agent-x",
                "NATS_STREAM_REPLICAS",
                "3"));

    assertThat(settings.servers()).containsExactly("tls://a:4222", "tls://b:4222");
    assertThat(settings.creds()).isEqualTo(creds);
    assertThat(settings.authMethod()).isEqualTo("creds");
    assertThat(settings.tls()).isTrue();
    assertThat(settings.tlsFirst()).isTrue();
    assertThat(settings.jsDomain()).isEqualTo("leaf-1");
    assertThat(settings.connectionName()).isEqualTo("agent-x");
    assertThat(settings.streamReplicas()).isEqualTo(3);
  }

  @Test
  void readsTheTokenFromItsFileAndHidesIt() throws Exception {
    Path token = write("token", "s3cr3t-token\n");

    NatsSettings settings = read(Map.of("NATS_TOKEN_FILE", token.toString()));

    assertThat(settings.token().value()).isEqualTo("s3cr3t-token");
    assertThat(settings.toString()).doesNotContain("s3cr3t-token").contains("auth=token");
  }

  @Test
  void hidesThePasswordAndUrlCredentialsInToString() {
    NatsSettings settings =
        read(
            Map.of(
                "NATS_URL",
                "nats://old:urlpass@h:4222",
                "NATS_USER",
                "agent",
                "NATS_PASSWORD",
                "pa55word"));

    assertThat(settings.password().value()).isEqualTo("pa55word");
    assertThat(settings.toString())
        .doesNotContain("pa55word", "urlpass")
        .contains("user=agent", "nats://h:4222");
    assertThat(
            AgentConfig.fromEnv(
                    "infrastructure-agent",
                    Map.of("NATS_URL", "nats://old:urlpass@h:4222", "NATS_TOKEN", "tok3n"))
                .toString())
        .doesNotContain("urlpass", "tok3n");
  }

  @Test
  void refusesAMissingCredsFileNamingTheVariable() {
    assertThatThrownBy(() -> read(Map.of("NATS_CREDS", dir.resolve("nope.creds").toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("NATS_CREDS=")
        .hasMessageContaining("no such file");
  }

  @Test
  void refusesAFileThatIsNotACredsFile() throws Exception {
    Path notCreds = write("not.creds", "hello\n");

    assertThatThrownBy(() -> read(Map.of("NATS_CREDS", notCreds.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("NATS_CREDS=" + notCreds)
        .hasMessageContaining("not a NATS creds file");
  }

  @Test
  void refusesASeedThatIsNotAUserSeed() throws Exception {
    Path accountSeed = write("account.nk", operator.accountSeed() + "\n");

    assertThatThrownBy(() -> read(Map.of("NATS_NKEY_SEED", accountSeed.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("NATS_NKEY_SEED=")
        .hasMessageContaining("not a user seed")
        .hasMessageNotContaining(operator.accountSeed());
  }

  @Test
  void refusesAnInvalidPemNamingTheVariable() throws Exception {
    Path bad =
        write(
            "bad.pem",
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> read(Map.of("NATS_TLS_CA", bad.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("NATS_TLS_CA=" + bad)
        .hasMessageContaining("invalid certificate");
  }

  @Test
  void refusesAKeyFileWithoutAKey() {
    assertThatThrownBy(
            () ->
                read(
                    Map.of(
                        "NATS_TLS_CERT",
                        pki.file("client.crt").toString(),
                        "NATS_TLS_KEY",
                        pki.file("client.crt").toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("NATS_TLS_KEY=")
        .hasMessageContaining("no PEM private key");
  }

  @Test
  void refusesACertificateWithoutItsKey() {
    assertThatThrownBy(() -> read(Map.of("NATS_TLS_CERT", pki.file("client.crt").toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("NATS_TLS_CERT is set without NATS_TLS_KEY");
  }

  @Test
  void refusesAUserWithoutAPassword() {
    assertThatThrownBy(() -> read(Map.of("NATS_USER", "agent")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("NATS_USER=agent is set without NATS_PASSWORD");
  }

  @Test
  void refusesTwoWaysToAuthenticate() throws Exception {
    Map<String, String> vars = new HashMap<>();
    vars.put("NATS_TOKEN", "t");
    vars.put("NATS_USER", "u");
    vars.put("NATS_PASSWORD", "p");

    assertThatThrownBy(() -> read(vars))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "NATS_TOKEN and NATS_USER are both set: choose one way to authenticate to NATS");
  }

  @Test
  void refusesATokenGivenTwice() throws Exception {
    Path token = write("token2", "x");

    assertThatThrownBy(() -> read(Map.of("NATS_TOKEN", "y", "NATS_TOKEN_FILE", token.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("NATS_TOKEN and NATS_TOKEN_FILE are both set");
  }

  @Test
  void refusesMoreReplicasThanJetStreamAllows() {
    assertThatThrownBy(() -> read(Map.of("NATS_STREAM_REPLICAS", "7")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("NATS_STREAM_REPLICAS=7 is not valid: expected an integer from 1 to 5");
  }

  @Test
  void refusesAUrlOfAnotherScheme() {
    assertThatThrownBy(() -> read(Map.of("NATS_URL", "http://nats:4222")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("NATS_URL=http://nats:4222 is not valid");
  }

  @Test
  void namesTheConnectionAfterTheAgentAndInstanceByDefault() {
    AgentConfig config = AgentConfig.fromEnv("ops-guardian", Map.of("HOSTNAME", "pod-7"));

    assertThat(config.nats().connectionName()).isEqualTo("ops-guardian-pod-7");
  }
}

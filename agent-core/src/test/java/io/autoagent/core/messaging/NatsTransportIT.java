package io.autoagent.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.autoagent.core.config.ConfigException;
import io.autoagent.core.config.Env;
import io.autoagent.core.config.NatsSettings;
import io.autoagent.core.testing.NatsOperator;
import io.autoagent.core.testing.NatsServerProcess;
import io.autoagent.core.testing.TestPki;
import io.nats.client.KeyValue;
import io.nats.client.NKey;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The transport against real secured servers: mutual TLS, operator mode with a creds file, an NKey
 * user, a token, a user and password. Each connection proves itself by creating a KV bucket and
 * reading back what it wrote; each refusal is one line naming the setting.
 */
class NatsTransportIT {

  @TempDir static Path dir;
  static TestPki pki;
  static NatsOperator operator;
  static NatsServerProcess mtls;
  static NatsServerProcess wrongHost;
  static NatsServerProcess operatorMode;
  static NatsServerProcess tokens;
  static NatsServerProcess users;
  static NatsServerProcess nkeys;
  static String nkeySeed;

  @BeforeAll
  static void servers() throws Exception {
    pki = TestPki.create(dir.resolve("pki"));
    operator = NatsOperator.create();
    mtls =
        NatsServerProcess.start(
            dir.resolve("mtls"),
            NatsServerProcess.freePort(),
            pki.serverTlsBlock("server", true) + js(dir.resolve("mtls")));
    wrongHost =
        NatsServerProcess.start(
            dir.resolve("wrong-host"),
            NatsServerProcess.freePort(),
            pki.serverTlsBlock("wrong-host", false) + js(dir.resolve("wrong-host")));
    operatorMode =
        NatsServerProcess.start(
            dir.resolve("operator"),
            NatsServerProcess.freePort(),
            operator.serverConfig(dir.resolve("operator")));
    tokens =
        NatsServerProcess.start(
            dir.resolve("token"),
            NatsServerProcess.freePort(),
            "authorization { token: \"t0ken-value\" }\n" + js(dir.resolve("token")));
    users =
        NatsServerProcess.start(
            dir.resolve("user"),
            NatsServerProcess.freePort(),
            "authorization { users = [ { user: agent, password: \"pa55-value\" } ] }\n"
                + js(dir.resolve("user")));
    NKey user = NKey.createUser(new SecureRandom());
    nkeySeed = new String(user.getSeed());
    nkeys =
        NatsServerProcess.start(
            dir.resolve("nkey"),
            NatsServerProcess.freePort(),
            "authorization { users = [ { nkey: "
                + new String(user.getPublicKey())
                + " } ] }\n"
                + js(dir.resolve("nkey")));
  }

  private static String js(Path store) {
    return "jetstream { store_dir: \"" + store.resolve("js") + "\" }\n";
  }

  @AfterAll
  static void stop() {
    for (NatsServerProcess s :
        new NatsServerProcess[] {mtls, wrongHost, operatorMode, tokens, users, nkeys}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private static NatsSettings settings(Map<String, String> vars) {
    return NatsSettings.fromEnv(new Env(vars), "nats://127.0.0.1:4222", "transport-it");
  }

  /** Connects, writes and reads a KV entry, closes; returns what was read. */
  private static String roundTrip(NatsSettings settings) throws Exception {
    try (NatsTransport transport = NatsTransport.connect(settings)) {
      assertThat(transport.connected()).isTrue();
      KeyValue kv =
          transport
              .stores()
              .keyValue(
                  KeyValueConfiguration.builder()
                      .name("transport-it")
                      .storageType(StorageType.File)
                      .build());
      kv.put("k", "v-" + settings.authMethod());
      return new String(kv.get("k").getValue(), StandardCharsets.UTF_8);
    }
  }

  private static Map<String, String> mutualTls(NatsServerProcess server) {
    Map<String, String> vars = new HashMap<>();
    vars.put("NATS_URL", server.url("tls"));
    vars.put("NATS_TLS_CA", pki.caCert().toString());
    vars.put("NATS_TLS_CERT", pki.file("client.crt").toString());
    vars.put("NATS_TLS_KEY", pki.file("client.key").toString());
    return vars;
  }

  @Test
  void logsADisconnectAndTheReconnectOnceEachWithTheServer() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger logger = (Logger) LoggerFactory.getLogger(NatsTransport.class);
    logger.addAppender(logs);
    try (NatsServerProcess plain =
            NatsServerProcess.start(dir.resolve("plain"), NatsServerProcess.freePort(), "");
        NatsTransport transport =
            NatsTransport.connect(settings(Map.of("NATS_URL", plain.url())))) {
      // when: the server crashes, stays away for several reconnect rounds, and comes back
      plain.kill();
      await().atMost(Duration.ofSeconds(10)).until(() -> !transport.connected());
      await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
      plain.launch();
      await().atMost(Duration.ofSeconds(20)).until(transport::connected);

      // then: one line each, naming the server
      List<String> lost = messages(logs, "lost");
      List<String> back = messages(logs, "reconnected");
      assertThat(lost)
          .singleElement()
          .asString()
          .startsWith("NATS connection to " + plain.url() + " lost (");
      assertThat(back).singleElement().asString().isEqualTo("NATS reconnected to " + plain.url());
    } finally {
      logger.detachAppender(logs);
    }
  }

  private static List<String> messages(ListAppender<ILoggingEvent> logs, String word) {
    return logs.list.stream()
        .map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.contains(word))
        .toList();
  }

  @Test
  void connectsWithMutualTlsFromPem() throws Exception {
    assertThat(roundTrip(settings(mutualTls(mtls)))).isEqualTo("v-none");
  }

  @Test
  void connectsWithAPkcs1ClientKeyToo() throws Exception {
    Map<String, String> vars = mutualTls(mtls);
    vars.put("NATS_TLS_KEY", pki.file("client-pkcs1.key").toString());

    assertThat(roundTrip(settings(vars))).isEqualTo("v-none");
  }

  @Test
  void failsWithOneLineWithoutTheClientCertificate() {
    Map<String, String> vars = mutualTls(mtls);
    vars.remove("NATS_TLS_CERT");
    vars.remove("NATS_TLS_KEY");

    assertThatThrownBy(() -> NatsTransport.connect(settings(vars)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("NATS_TLS_CERT is not set, but the NATS server at tls://127.0.0.1:")
        .hasMessageContaining("requires a client certificate");
  }

  @Test
  void failsWithOneLineWhenTheClientCertificateIsOfAnotherCa() {
    Map<String, String> vars = mutualTls(mtls);
    vars.put("NATS_TLS_CERT", pki.file("stranger.crt").toString());
    vars.put("NATS_TLS_KEY", pki.file("stranger.key").toString());

    assertThatThrownBy(() -> NatsTransport.connect(settings(vars)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "NATS_TLS_CERT=" + pki.file("stranger.crt") + ": the NATS server at tls://127.0.0.1:")
        .hasMessageContaining("did not accept the client certificate");
  }

  @Test
  void failsWithOneLineWhenTheServerIsSignedByAnotherCa() {
    Map<String, String> vars = mutualTls(mtls);
    vars.put("NATS_TLS_CA", pki.otherCaCert().toString());

    assertThatThrownBy(() -> NatsTransport.connect(settings(vars)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "NATS_TLS_CA="
                + pki.otherCaCert()
                + " does not trust the certificate of the NATS server")
        .hasMessageNotContaining("\n");
  }

  @Test
  void verifiesTheServersHostName() {
    Map<String, String> vars = mutualTls(wrongHost);

    assertThatThrownBy(() -> NatsTransport.connect(settings(vars)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("certificate does not name this host");
  }

  @Test
  void connectsInOperatorModeWithACredsFileAndWorksInItsAccount() throws Exception {
    Path creds = operator.userCreds(dir.resolve("agent.creds"), "agent");

    assertThat(
            roundTrip(
                settings(Map.of("NATS_URL", operatorMode.url(), "NATS_CREDS", creds.toString()))))
        .isEqualTo("v-creds");
  }

  @Test
  void failsWithOneLineWhenTheCredsBelongToAnUnknownAccount() {
    Path stranger = NatsOperator.create().userCreds(dir.resolve("stranger.creds"), "stranger");

    assertThatThrownBy(
            () ->
                NatsTransport.connect(
                    settings(
                        Map.of("NATS_URL", operatorMode.url(), "NATS_CREDS", stranger.toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "the NATS server at "
                + operatorMode.url()
                + " refused the credentials of NATS_CREDS="
                + stranger);
  }

  @Test
  void connectsWithAnNkeySeedFile() throws Exception {
    Path seed = dir.resolve("user.nk");
    Files.writeString(seed, nkeySeed + "\n");

    assertThat(
            roundTrip(settings(Map.of("NATS_URL", nkeys.url(), "NATS_NKEY_SEED", seed.toString()))))
        .isEqualTo("v-nkey");
  }

  @Test
  void connectsWithATokenAndRefusesAWrongOneNamingTheVariable() throws Exception {
    assertThat(roundTrip(settings(Map.of("NATS_URL", tokens.url(), "NATS_TOKEN", "t0ken-value"))))
        .isEqualTo("v-token");

    assertThatThrownBy(
            () ->
                NatsTransport.connect(
                    settings(Map.of("NATS_URL", tokens.url(), "NATS_TOKEN", "wrong-t0ken"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("refused the credentials of NATS_TOKEN")
        .hasMessageNotContaining("wrong-t0ken");
  }

  @Test
  void connectsWithAUserAndAPasswordFile() throws Exception {
    Path password = dir.resolve("password");
    Files.writeString(password, "pa55-value\n");

    assertThat(
            roundTrip(
                settings(
                    Map.of(
                        "NATS_URL",
                        users.url(),
                        "NATS_USER",
                        "agent",
                        "NATS_PASSWORD_FILE",
                        password.toString()))))
        .isEqualTo("v-user");
  }
}

package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.core.config.Env;
import io.autoagent.core.config.NatsSettings;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.messaging.NatsTransport;
import io.autoagent.core.testing.NatsOperator;
import io.autoagent.core.testing.NatsServerProcess;
import io.autoagent.core.testing.Schemas;
import io.autoagent.core.testing.StreamReader;
import io.autoagent.core.testing.TestPki;
import io.nats.client.impl.Headers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The infrastructure agent and its CLI on secured NATS servers started by the test: mutual TLS,
 * operator mode with a {@code .creds} file (the topology is created in the user's account), a
 * token, and a user with a password. Each time an alert is answered.
 */
class SecuredNatsIT {

  @TempDir static Path dir;
  static TestPki pki;
  static NatsOperator operator;
  static NatsServerProcess mtls;
  static NatsServerProcess operatorMode;
  static NatsServerProcess tokens;
  static NatsServerProcess users;

  @BeforeAll
  static void servers() {
    pki = TestPki.create(dir.resolve("pki"));
    operator = NatsOperator.create();
    mtls =
        NatsServerProcess.start(
            dir.resolve("mtls"),
            NatsServerProcess.freePort(),
            pki.serverTlsBlock("server", true) + js(dir.resolve("mtls")));
    operatorMode =
        NatsServerProcess.start(
            dir.resolve("operator"),
            NatsServerProcess.freePort(),
            operator.serverConfig(dir.resolve("operator")));
    tokens =
        NatsServerProcess.start(
            dir.resolve("token"),
            NatsServerProcess.freePort(),
            "authorization { token: \"agent-t0ken\" }\n" + js(dir.resolve("token")));
    users =
        NatsServerProcess.start(
            dir.resolve("user"),
            NatsServerProcess.freePort(),
            "authorization { users = [ { user: agent, password: \"agent-pa55\" } ] }\n"
                + js(dir.resolve("user")));
  }

  private static String js(Path store) {
    return "jetstream { store_dir: \"" + store.resolve("js") + "\" }\n";
  }

  @AfterAll
  static void stop() {
    for (NatsServerProcess s : new NatsServerProcess[] {mtls, operatorMode, tokens, users}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private static Map<String, String> agentEnv(Map<String, String> nats) {
    Map<String, String> env = new HashMap<>(nats);
    env.put("HEALTH_PORT", "0");
    env.put("STATUS_INTERVAL_S", "1");
    env.put("HOSTNAME", "secured-it");
    env.put("RUNBOOK_DIR", "../runbooks");
    return env;
  }

  private static Map<String, String> mutualTls() {
    return Map.of(
        "NATS_URL",
        mtls.url("tls"),
        "NATS_TLS_CA",
        pki.caCert().toString(),
        "NATS_TLS_CERT",
        pki.file("client.crt").toString(),
        "NATS_TLS_KEY",
        pki.file("client.key").toString());
  }

  /**
   * Starts the agent with these NATS settings, sends one alert with the same settings and returns
   * its analysis.
   */
  private static JsonNode answerOneAlert(Map<String, String> nats, String alertId)
      throws Exception {
    NatsSettings settings =
        NatsSettings.fromEnv(new Env(nats), "nats://127.0.0.1:4222", "secured-it-client");
    try (InfrastructureAgent agent =
            InfrastructureAgent.start(InfraConfig.fromEnv(agentEnv(nats)));
        NatsTransport client = NatsTransport.connect(settings)) {
      await().atMost(Duration.ofSeconds(20)).until(agent.runtime()::ready);
      client
          .stores()
          .jetStream()
          .publish(
              Contract.SUBJECT_INFRASTRUCTURE,
              new Headers().put("Nats-Msg-Id", alertId),
              ("{\"alert_id\": \""
                      + alertId
                      + "\", \"service\": \"payments\", \"namespace\": \"prod\", \"severity\": \"critical\"}")
                  .getBytes(StandardCharsets.UTF_8));
      JsonNode[] found = new JsonNode[1];
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                found[0] =
                    StreamReader.readAll(client.connection(), Contract.RESPONSES, null).stream()
                        .map(s -> AgentFixture.parse(s.body()))
                        .filter(r -> r.path("alert_id").asText().equals(alertId))
                        .findFirst()
                        .orElse(null);
                return found[0] != null;
              });
      Schemas.assertValid(ContractSchemas.ANALYSIS, found[0].toString());
      List<String> streams = client.stores().management().getStreamNames();
      assertThat(streams)
          .contains(
              Contract.AGENT_TASKS,
              Contract.RUNBOOK_EXECUTIONS,
              Contract.RESPONSES,
              Contract.AGENT_DATA,
              "KV_runbooks",
              "escalation-outbox");
      return found[0];
    }
  }

  @Test
  void answersAnAlertOverMutualTls() throws Exception {
    JsonNode analysis = answerOneAlert(mutualTls(), "tls-1");

    assertThat(analysis.path("service").asText()).isEqualTo("payments");
  }

  @Test
  void createsItsTopologyInTheAccountOfItsCredsAndAnswersAnAlert() throws Exception {
    Path creds = operator.userCreds(dir.resolve("agent.creds"), "agent");

    JsonNode analysis =
        answerOneAlert(
            Map.of("NATS_URL", operatorMode.url(), "NATS_CREDS", creds.toString()), "creds-1");

    assertThat(analysis.path("alert_id").asText()).isEqualTo("creds-1");
    // the streams live in the account: another user of the same account sees them
    Path other = operator.userCreds(dir.resolve("other.creds"), "other");
    try (NatsTransport sameAccount =
        NatsTransport.connect(
            NatsSettings.fromEnv(
                new Env(Map.of("NATS_URL", operatorMode.url(), "NATS_CREDS", other.toString())),
                "",
                "other"))) {
      assertThat(sameAccount.stores().management().getStreamNames())
          .contains(Contract.AGENT_TASKS, "KV_runbooks");
    }
  }

  @Test
  void answersAnAlertWithATokenFile() throws Exception {
    Path token = dir.resolve("agent.token");
    Files.writeString(token, "agent-t0ken\n");

    JsonNode analysis =
        answerOneAlert(
            Map.of("NATS_URL", tokens.url(), "NATS_TOKEN_FILE", token.toString()), "token-1");

    assertThat(analysis.path("alert_id").asText()).isEqualTo("token-1");
  }

  @Test
  void answersAnAlertWithAUserAndPassword() throws Exception {
    JsonNode analysis =
        answerOneAlert(
            Map.of("NATS_URL", users.url(), "NATS_USER", "agent", "NATS_PASSWORD", "agent-pa55"),
            "user-1");

    assertThat(analysis.path("alert_id").asText()).isEqualTo("user-1");
  }

  @Test
  void theCliSendsAnAlertOverMutualTls() throws Exception {
    try (InfrastructureAgent agent =
        InfrastructureAgent.start(InfraConfig.fromEnv(agentEnv(mutualTls())))) {
      await().atMost(Duration.ofSeconds(20)).until(agent.runtime()::ready);

      String[] run =
          cli(
              "alert",
              "--json",
              "--nats-url",
              mtls.url("tls"),
              "--nats-tls-ca",
              pki.caCert().toString(),
              "--nats-tls-cert",
              pki.file("client.crt").toString(),
              "--nats-tls-key",
              pki.file("client.key").toString(),
              "--service",
              "cart",
              "--namespace",
              "shop");

      assertThat(run[0]).as(run[2]).isEqualTo("0");
      Schemas.assertValid(ContractSchemas.ANALYSIS, run[1].trim());
    }
  }

  @Test
  void theCliSaysInOneLineThatTheServerWantsAClientCertificate() {
    String[] run =
        cli(
            "alert",
            "--nats-url",
            mtls.url("tls"),
            "--nats-tls-ca",
            pki.caCert().toString(),
            "--service",
            "cart",
            "--namespace",
            "shop");

    assertThat(run[0]).isEqualTo("2");
    assertThat(run[2].lines().toList())
        .singleElement()
        .asString()
        .startsWith("alert: NATS_TLS_CERT is not set, but the NATS server at " + mtls.url("tls"));
  }

  @Test
  void theCliRefusesABadSettingWithStatusTwoNamingIt() {
    String[] run =
        cli("status", "--count", "1", "--nats-creds", dir.resolve("missing.creds").toString());

    assertThat(run[0]).isEqualTo("2");
    assertThat(run[2].lines().toList())
        .singleElement()
        .asString()
        .isEqualTo(
            "status: NATS_CREDS=" + dir.resolve("missing.creds") + " is not valid: no such file");
  }

  private static String[] cli(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new String[] {Integer.toString(exit), out.toString(), err.toString()};
  }
}

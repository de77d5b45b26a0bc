package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.testing.NatsTestServer;
import io.autoagent.core.testing.Schemas;
import io.autoagent.core.testing.StreamReader;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A real nats-server, an infrastructure agent on it, and a client to talk to both. */
final class AgentFixture implements AutoCloseable {

  static final ObjectMapper MAPPER = Json.newMapper();

  final NatsTestServer server;
  final Connection client;
  private InfrastructureAgent agent;

  AgentFixture() throws Exception {
    server = NatsTestServer.start();
    client =
        Nats.connect(
            Options.builder()
                .server(server.url())
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(200))
                .build());
  }

  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("NATS_URL", server.url());
    env.put("HEALTH_PORT", "0");
    env.put("STATUS_INTERVAL_S", "1");
    env.put("ACK_WAIT_S", "3");
    env.put("HOSTNAME", "test-instance");
    env.put("RUNBOOK_DIR", "../runbooks");
    return env;
  }

  InfrastructureAgent startAgent() throws Exception {
    return startAgent(env());
  }

  InfrastructureAgent startAgent(Map<String, String> env) throws Exception {
    return started(InfrastructureAgent.start(InfraConfig.fromEnv(env)));
  }

  /** Starts an agent with the given evidence sources. */
  InfrastructureAgent startAgent(
      Map<String, String> env, List<io.autoagent.tools.analysis.EvidenceSource> sources)
      throws Exception {
    return started(
        InfrastructureAgent.start(
            InfraConfig.fromEnv(env),
            sources,
            new io.autoagent.tools.analysis.RulesAnalyzer(),
            java.time.Clock.systemUTC()));
  }

  /** Starts an agent that can also change {@code cluster} (runbook execution). */
  InfrastructureAgent startAgent(
      Map<String, String> env,
      io.fabric8.kubernetes.client.KubernetesClient cluster,
      List<io.autoagent.tools.analysis.EvidenceSource> sources)
      throws Exception {
    return started(
        InfrastructureAgent.start(
            InfraConfig.fromEnv(env),
            cluster,
            sources,
            new io.autoagent.tools.analysis.RulesAnalyzer(),
            java.time.Clock.systemUTC()));
  }

  /** Starts an agent whose Kubernetes evidence comes from {@code kube} (a mock API server). */
  InfrastructureAgent startAgent(io.fabric8.kubernetes.client.KubernetesClient kube)
      throws Exception {
    return startAgent(kube, env());
  }

  /** Starts an agent with these settings whose Kubernetes evidence comes from {@code kube}. */
  InfrastructureAgent startAgent(
      io.fabric8.kubernetes.client.KubernetesClient kube, Map<String, String> env)
      throws Exception {
    InfraConfig config = InfraConfig.fromEnv(env);
    List<io.autoagent.tools.analysis.EvidenceSource> sources =
        List.of(
            InfrastructureAgent.kubernetes(kube, config),
            new SkippedSource("git", "GIT_REPO_PATH is not set"),
            new SkippedSource("argocd", "ARGOCD_SERVER is not set"));
    return started(
        InfrastructureAgent.start(
            config,
            sources,
            new io.autoagent.tools.analysis.RulesAnalyzer(),
            java.time.Clock.systemUTC()));
  }

  private InfrastructureAgent started(InfrastructureAgent started) {
    agent = started;
    await().atMost(Duration.ofSeconds(15)).until(agent.runtime()::ready);
    return agent;
  }

  InfrastructureAgent agent() {
    return agent;
  }

  void publish(String subject, String msgId, byte[] body) throws Exception {
    Headers headers = new Headers();
    if (msgId != null) {
      headers.put("Nats-Msg-Id", msgId);
    }
    client.jetStream().publish(subject, headers, body);
  }

  void publishAlert(String msgId, String json) throws Exception {
    publish(Contract.SUBJECT_INFRASTRUCTURE, msgId, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Every analysis stored in RESPONSES, parsed. */
  List<JsonNode> responses() {
    return StreamReader.readAll(client, Contract.RESPONSES, null).stream()
        .map(s -> parse(s.body()))
        .toList();
  }

  /** Waits for the analysis of one alert and checks it against the contract. */
  JsonNode awaitAnalysis(String alertId) {
    JsonNode[] found = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              found[0] =
                  responses().stream()
                      .filter(r -> r.path("alert_id").asText().equals(alertId))
                      .findFirst()
                      .orElse(null);
              return found[0] != null;
            });
    Schemas.assertValid(ContractSchemas.ANALYSIS, found[0].toString());
    return found[0];
  }

  /** Messages stored in AGENT_DATA under a subject prefix, parsed. */
  List<JsonNode> data(String subjectPrefix) {
    return StreamReader.readAll(client, Contract.AGENT_DATA, subjectPrefix).stream()
        .map(s -> parse(s.body()))
        .toList();
  }

  /** Everything the agent stored validates against the contract. */
  void assertEverythingPublishedIsValid() {
    for (JsonNode response : responses()) {
      Schemas.assertValid(ContractSchemas.ANALYSIS, response.toString());
    }
    for (StreamReader.Stored stored : StreamReader.readAll(client, Contract.AGENT_DATA, null)) {
      String schema =
          stored.subject().startsWith("runbook.execution.")
              ? ContractSchemas.RUNBOOK_RESULT
              : stored.subject().startsWith("deployments.")
                  ? ContractSchemas.DEPLOYMENT_ANALYSIS
                  : ContractSchemas.ENVELOPE;
      Schemas.assertValid(schema, stored.body());
      // contract 1.1: the agents publish schema_version "1.1"
      org.assertj.core.api.Assertions.assertThat(
              parse(stored.body()).path("schema_version").asText())
          .as(stored.subject())
          .isEqualTo("1.1");
    }
  }

  /**
   * The work queue holds nothing for the agent any more: answered requests were acked or
   * terminated.
   */
  void assertWorkQueueDrained(String stream, String durable) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              var info = client.jetStreamManagement().getConsumerInfo(stream, durable);
              assertThat(info.getNumPending()).isZero();
              assertThat(info.getNumAckPending()).isZero();
            });
  }

  static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException("not JSON: " + json, e);
    }
  }

  @Override
  public void close() throws Exception {
    if (agent != null) {
      agent.close();
    }
    client.close();
    server.close();
  }
}

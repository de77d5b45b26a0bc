package io.autoagent.guardian;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.testing.NatsTestServer;
import io.autoagent.core.testing.Schemas;
import io.autoagent.core.testing.StreamReader;
import io.autoagent.guardian.config.OpsGuardianConfig;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A real nats-server, Ops Guardians on it over a fabric8 mock Kubernetes API, and a client to talk
 * to them. Kubernetes fixtures are labelled Deployments with pods and PodMetrics.
 */
final class GuardianFixture implements AutoCloseable {

  static final ObjectMapper MAPPER = Json.newMapper();

  /** A Tuesday, 10:30 UTC: business hours, nothing special in the calendar. */
  static final Instant START = Instant.parse("2026-05-26T10:30:00Z");

  static final String EVENTS = Contract.SUBJECT_EVENTS_PREFIX + OpsGuardianConfig.AGENT_NAME;

  final NatsTestServer server;
  final Connection client;
  final KubernetesClient kube;
  final TestClock clock = new TestClock(START);
  private final List<OpsGuardian> guardians = new ArrayList<>();

  GuardianFixture(KubernetesClient kube) throws Exception {
    this.kube = kube;
    server = NatsTestServer.start();
    client =
        Nats.connect(
            Options.builder()
                .server(server.url())
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(200))
                .build());
  }

  Map<String, String> env(String instance) {
    Map<String, String> env = new HashMap<>();
    env.put("NATS_URL", server.url());
    env.put("HEALTH_PORT", "0");
    env.put("STATUS_INTERVAL_S", "1");
    env.put("ACK_WAIT_S", "5");
    env.put("HOSTNAME", instance);
    env.put("MONITOR_INTERVAL_S", "3600"); // cycles run when a test asks
    env.put("LEADER_ELECTION", "false");
    env.put("SHUTDOWN_GRACE_S", "2");
    return env;
  }

  OpsGuardian start(Map<String, String> env) throws Exception {
    OpsGuardian guardian = OpsGuardian.start(OpsGuardianConfig.fromEnv(env), kube, false, clock);
    guardians.add(guardian);
    await().atMost(Duration.ofSeconds(20)).until(guardian.runtime()::ready);
    return guardian;
  }

  void stop(OpsGuardian guardian) {
    guardians.remove(guardian);
    guardian.close();
  }

  /**
   * A Deployment labelled for the Guardian, its pods ready, each using {@code cpuMillis} of 500m.
   */
  void deployment(String ns, String name, int replicas, int cpuMillis) {
    kube.apps()
        .deployments()
        .inNamespace(ns)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .withLabels(Map.of(OpsGuardianConfig.ENABLED_LABEL, "true"))
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .withMatchLabels(Map.of("app", name))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app", name))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("app:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .withNewStatus()
                .withReplicas(replicas)
                .withReadyReplicas(replicas)
                .withUpdatedReplicas(replicas)
                .withAvailableReplicas(replicas)
                .endStatus()
                .build())
        .create();
    for (int i = 0; i < replicas; i++) {
      String pod = name + "-" + i;
      kube.pods()
          .inNamespace(ns)
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName(pod)
                  .withNamespace(ns)
                  .withLabels(Map.of("app", name))
                  .endMetadata()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("app")
                  .withImage("app:1")
                  .withNewResources()
                  .withRequests(
                      Map.of("cpu", new Quantity("500m"), "memory", new Quantity("256Mi")))
                  .endResources()
                  .endContainer()
                  .endSpec()
                  .withNewStatus()
                  .withPhase("Running")
                  .endStatus()
                  .build())
          .create();
      kube.resources(PodMetrics.class)
          .inNamespace(ns)
          .resource(
              new PodMetricsBuilder()
                  .withNewMetadata()
                  .withName(pod)
                  .withNamespace(ns)
                  .withLabels(Map.of("app", name))
                  .endMetadata()
                  .addNewContainer()
                  .withName("app")
                  .withUsage(
                      Map.of("cpu", new Quantity(cpuMillis + "m"), "memory", new Quantity("96Mi")))
                  .endContainer()
                  .build())
          .create();
    }
  }

  int replicas(String ns, String name) {
    return kube.apps().deployments().inNamespace(ns).withName(name).get().getSpec().getReplicas();
  }

  /** Publishes a command on {@code ops_guardian} (stream AGENT_TASKS). */
  void command(String msgId, String json) throws Exception {
    Headers headers = new Headers();
    headers.put("Nats-Msg-Id", msgId);
    client
        .jetStream()
        .publish(Contract.SUBJECT_OPS_GUARDIAN, headers, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Publishes on core NATS, as another agent would for coordination. */
  void core(String subject, String json) throws Exception {
    client.publish(subject, json.getBytes(StandardCharsets.UTF_8));
    client.flush(Duration.ofSeconds(2));
  }

  /** Every event the Guardians stored in AGENT_DATA, parsed, each checked against the envelope. */
  List<JsonNode> events() {
    return StreamReader.readAll(client, Contract.AGENT_DATA, EVENTS).stream()
        .map(
            stored -> {
              Schemas.assertValid(ContractSchemas.ENVELOPE, stored.body());
              return parse(stored.body());
            })
        .toList();
  }

  List<JsonNode> events(String eventType, Predicate<JsonNode> filter) {
    return events().stream()
        .filter(e -> e.path("event_type").asText().equals(eventType))
        .filter(filter)
        .toList();
  }

  /** Waits for one event of the type matching {@code filter}, and returns it. */
  JsonNode awaitEvent(String eventType, Predicate<JsonNode> filter) {
    await().atMost(Duration.ofSeconds(20)).until(() -> !events(eventType, filter).isEmpty());
    return events(eventType, filter).getFirst();
  }

  static Predicate<JsonNode> forService(String name) {
    return e -> e.path("context").path("service_name").asText().equals(name);
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
    for (OpsGuardian guardian : List.copyOf(guardians)) {
      guardian.close();
    }
    client.close();
    server.close();
  }
}

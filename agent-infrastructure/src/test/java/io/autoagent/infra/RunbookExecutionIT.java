package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.messaging.Outcome;
import io.autoagent.core.messaging.Publisher;
import io.autoagent.core.messaging.Topology;
import io.autoagent.core.testing.NatsTestServer;
import io.autoagent.core.testing.Schemas;
import io.autoagent.core.testing.StreamReader;
import io.autoagent.tools.remediation.NatsAuditSink;
import io.autoagent.tools.remediation.RemediationConfig;
import io.autoagent.tools.remediation.RemediationEngine;
import io.autoagent.tools.remediation.policy.PolicySource;
import io.autoagent.tools.remediation.policy.RemediationPolicy;
import io.autoagent.tools.remediation.signature.SignedRequest;
import io.autoagent.tools.remediation.signature.WebhookSignatures;
import io.autoagent.tools.remediation.store.KvExecutionStore;
import io.autoagent.tools.runbook.RunbookLibrary;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runbook handler with the engine: a real nats-server (results and audit in AGENT_DATA, the
 * execution record in a KV bucket) and the fabric8 mock API. Requests go through the handler's
 * {@code handle(SignedRequest, ...)}, the path the NATS consumer takes once it passes the message's
 * webhook-* headers.
 */
@EnableKubernetesMockClient(crud = true)
class RunbookExecutionIT {

  private static final ObjectMapper MAPPER = Json.newMapper();
  private static final String SECRET = "test-signing-secret";
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static NatsTestServer nats;
  private static Connection nc;
  private static RunbookLibrary library;

  KubernetesClient client;
  private RunbookRequestHandler handler;

  @BeforeAll
  static void start() throws Exception {
    nats = NatsTestServer.start();
    nc = Nats.connect(nats.url());
    Topology.ensure(nc.jetStreamManagement(), Contract.streams());
    library = RunbookLibrary.fromDirectory(Path.of("../runbooks"));
  }

  @AfterAll
  static void stop() throws Exception {
    library.close();
    nc.close();
    nats.close();
  }

  @BeforeEach
  void given() throws Exception {
    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("checkout")
                .withNamespace("shop")
                .addToLabels("app", "checkout")
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withNewSelector()
                .addToMatchLabels("app", "checkout")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "checkout")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("shop/checkout:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .withNewStatus()
                .withReplicas(2)
                .withUpdatedReplicas(2)
                .withAvailableReplicas(2)
                .endStatus()
                .build())
        .create();
    // the mock runs no controller: the status already counts the replicas the scale adds, and the
    // pods are Ready
    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("checkout")
        .editStatus(
            d -> {
              d.getStatus().setAvailableReplicas(5);
              return d;
            });
    for (String pod : List.of("checkout-1", "checkout-2")) {
      client
          .pods()
          .inNamespace("shop")
          .resource(
              new io.fabric8.kubernetes.api.model.PodBuilder()
                  .withNewMetadata()
                  .withName(pod)
                  .withNamespace("shop")
                  .addToLabels("app", "checkout")
                  .endMetadata()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("app")
                  .withImage("shop/checkout:1")
                  .endContainer()
                  .endSpec()
                  .withNewStatus()
                  .addNewCondition()
                  .withType("Ready")
                  .withStatus("True")
                  .endCondition()
                  .endStatus()
                  .build())
          .create();
    }
    RemediationConfig config =
        RemediationConfig.fromEnv(Map.of("SECRET_KEY", SECRET))
            .withServerDryRun(false)
            .withPollInterval(Duration.ofMillis(20));
    Envelopes envelopes = new Envelopes(MAPPER, "infrastructure-agent", Clock.systemUTC());
    Publisher publisher = new Publisher(nc);
    NatsAuditSink audit = new NatsAuditSink(MAPPER, envelopes, publisher);
    RemediationPolicy policy =
        new RemediationPolicy(
            "shop",
            "checkout",
            Map.of("app", "checkout"),
            true,
            50,
            new RemediationPolicy.Scale(true, 1, 10),
            Map.of(),
            List.of(),
            RemediationPolicy.Mode.LIVE,
            null);
    RemediationEngine engine =
        RemediationEngine.builder()
            .client(client)
            .runbooks(library::find)
            .policies(PolicySource.of(List.of(policy)))
            .store(KvExecutionStore.open(nc, "runbook-executions-" + SEQ.incrementAndGet(), MAPPER))
            .audit(audit)
            .events(audit)
            .config(config)
            .build();
    handler =
        new RunbookRequestHandler(
            MAPPER,
            new ContractSchemas(),
            envelopes,
            publisher,
            1 << 20,
            engine,
            new WebhookSignatures(config.secretKey(), config.maxSkew(), Clock.systemUTC()));
  }

  private static byte[] body(String executionId) {
    return ("""
        {"execution_id": "%s", "correlation_id": "c-%s", "runbook_id": "scale-deployment",
         "target": {"namespace": "shop", "service": "checkout"},
         "parameters": {"current_replicas": 2, "target_replicas": 3, "max_replicas": 5},
         "dry_run": false, "requested_by": "orchestrator"}
        """)
        .formatted(executionId, executionId)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static SignedRequest signed(String id, long ts, byte[] body, String secret) {
    return new SignedRequest(
        Map.of(
            "webhook-id",
            id,
            "webhook-timestamp",
            Long.toString(ts),
            "webhook-signature",
            WebhookSignatures.sign(secret, id, ts, body)),
        body);
  }

  private static List<JsonNode> published(String executionId) {
    return StreamReader.readAll(nc, Contract.AGENT_DATA, Contract.SUBJECT_RUNBOOK_RESULT).stream()
        .map(
            s -> {
              try {
                return MAPPER.readTree(s.body());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .filter(n -> n.path("execution_id").asText().equals(executionId))
        .toList();
  }

  private int replicas() {
    return client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("checkout")
        .get()
        .getSpec()
        .getReplicas();
  }

  @Test
  void executesASignedLiveRequestAndAuditsEveryStepWithItsChanges() {
    byte[] body = body("it-1");

    Outcome outcome =
        handler.handle(
            signed("it-1", Instant.now().getEpochSecond(), body, SECRET),
            "it-1",
            "RUNBOOK_EXECUTIONS:1");

    assertThat(outcome.kind()).isEqualTo(Outcome.Kind.DONE);
    assertThat(replicas()).isEqualTo(3);
    List<JsonNode> messages = published("it-1");
    JsonNode result =
        messages.stream()
            .filter(m -> m.path("message_id").asText().equals("execution-it-1"))
            .findFirst()
            .orElseThrow();
    Schemas.assertValid(ContractSchemas.RUNBOOK_RESULT, result.toString());
    assertThat(result.path("status").asText()).isEqualTo("succeeded");
    assertThat(result.path("message_id").asText()).isEqualTo("execution-it-1");
    assertThat(result.path("decision").path("authentication").asText()).isEqualTo("signed");
    // contract 1.1: nothing but results on the result subject, progress as running with sequence
    assertThat(messages)
        .allSatisfy(m -> assertThat(m.path("type").asText()).isEqualTo("runbook_execution_result"));
    List<JsonNode> running =
        messages.stream().filter(m -> m.path("status").asText().equals("running")).toList();
    assertThat(running).extracting(m -> m.path("sequence").asInt()).containsExactly(0, 1, 2, 3);
    assertThat(running)
        .extracting(m -> m.path("message_id").asText())
        .containsExactly(
            "execution-it-1-0", "execution-it-1-1", "execution-it-1-2", "execution-it-1-3");
    running.forEach(m -> Schemas.assertValid(ContractSchemas.RUNBOOK_RESULT, m.toString()));
    List<JsonNode> events =
        StreamReader.readAll(nc, Contract.AGENT_DATA, Contract.SUBJECT_EVENTS_PREFIX).stream()
            .map(
                s -> {
                  try {
                    return MAPPER.readTree(s.body());
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .filter(n -> n.path("execution_id").asText().equals("it-1"))
            .toList();
    JsonNode scaled =
        events.stream()
            .filter(m -> m.path("message_id").asText().equals("execution-it-1-step-1-succeeded"))
            .findFirst()
            .orElseThrow();
    assertThat(scaled.path("event_type").asText()).isEqualTo("runbook_step");
    assertThat(scaled.path("step").path("changes").get(0).path("before").asInt()).isEqualTo(2);
    assertThat(scaled.path("step").path("changes").get(0).path("after").asInt()).isEqualTo(3);
    messages.forEach(m -> Schemas.assertValid(ContractSchemas.ENVELOPE, m.toString()));
  }

  @Test
  void rejectsALiveRequestWithABadSignatureAndChangesNothing() {
    byte[] body = body("it-2");

    Outcome outcome =
        handler.handle(
            signed("it-2", Instant.now().getEpochSecond(), body, "not-the-secret"),
            "it-2",
            "RUNBOOK_EXECUTIONS:2");

    assertThat(outcome.kind()).isEqualTo(Outcome.Kind.REJECTED);
    assertThat(replicas()).isEqualTo(2);
    JsonNode result = published("it-2").getFirst();
    Schemas.assertValid(ContractSchemas.RUNBOOK_RESULT, result.toString());
    assertThat(result.path("error").path("code").asText()).isEqualTo("SIGNATURE_INVALID");
  }

  @Test
  void rejectsAStaleOrReusedSignatureAsReplayed() {
    byte[] stale = body("it-3");
    byte[] fresh = body("it-4");
    long now = Instant.now().getEpochSecond();

    Outcome old =
        handler.handle(signed("it-3", now - 600, stale, SECRET), "it-3", "RUNBOOK_EXECUTIONS:3");
    handler.handle(signed("it-4", now, fresh, SECRET), "it-4", "RUNBOOK_EXECUTIONS:4");
    Outcome replay =
        handler.handle(signed("it-4", now, fresh, SECRET), "it-4", "RUNBOOK_EXECUTIONS:5");

    assertThat(old.kind()).isEqualTo(Outcome.Kind.REJECTED);
    assertThat(replay.kind()).isEqualTo(Outcome.Kind.REJECTED);
    assertThat(published("it-3").getFirst().path("error").path("code").asText())
        .isEqualTo("REPLAYED");
    assertThat(published("it-4"))
        .anySatisfy(m -> assertThat(m.path("error").path("code").asText()).isEqualTo("REPLAYED"));
    assertThat(replicas()).as("only the first it-4 ran").isEqualTo(3);
  }

  @Test
  void refusesAnUnsignedLiveRequestWhenAKeyIsConfigured() {
    Outcome outcome =
        handler.handle(new SignedRequest(Map.of(), body("it-5")), "it-5", "RUNBOOK_EXECUTIONS:6");

    assertThat(outcome.kind()).isEqualTo(Outcome.Kind.REJECTED);
    assertThat(published("it-5").getFirst().path("error").path("code").asText())
        .isEqualTo("SIGNATURE_INVALID");
    assertThat(replicas()).isEqualTo(2);
  }
}

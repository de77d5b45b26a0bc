package io.autoagent.guardian;

import static io.autoagent.guardian.GuardianFixture.forService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.testing.Schemas;
import io.autoagent.guardian.decision.Decision;
import io.autoagent.guardian.events.DecisionMetrics;
import io.autoagent.guardian.events.DecisionOutcome;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Ops Guardian end to end: a real nats-server, the fabric8 mock Kubernetes API with PodMetrics,
 * and commands, coordination and events as other agents and operators see them.
 */
@EnableKubernetesMockClient(crud = true)
class OpsGuardianIT {

  static KubernetesClient client;
  private static GuardianFixture fixture;
  private static OpsGuardian guardian;

  @BeforeAll
  static void start() throws Exception {
    fixture = new GuardianFixture(client);
    guardian = fixture.start(fixture.env("guardian-1"));
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  void scalesAHotDeploymentAndReportsItAsSystemScaling() throws Exception {
    // given: two pods each using 450m of a 500m request (90 % CPU)
    fixture.deployment("shop", "checkout", 2, 450);

    // when
    fixture.command(
        "eval-1",
        "{\"type\": \"evaluate\", \"service\": \"shop/checkout\", \"correlation_id\": \"c-1\"}");

    // then: one more replica, and an event an operator can read
    await().atMost(Duration.ofSeconds(20)).until(() -> fixture.replicas("shop", "checkout") == 3);
    JsonNode event = fixture.awaitEvent("system_scaling", forService("checkout"));
    assertThat(event.path("source").asText()).isEqualTo("ops-guardian");
    assertThat(event.path("correlation_id").asText()).isEqualTo("c-1");
    assertThat(event.path("audience").asText()).isEqualTo("operator");
    assertThat(event.path("severity").asText()).isEqualTo("medium");
    JsonNode context = event.path("context");
    assertThat(context.path("from_replicas").asInt()).isEqualTo(2);
    assertThat(context.path("to_replicas").asInt()).isEqualTo(3);
    assertThat(context.path("reason").asText()).containsIgnoringCase("cpu");
    assertThat(context.path("confidence").asDouble()).isBetween(0.0, 1.0);
    assertThat(context.path("namespace").asText()).isEqualTo("shop");
    assertThat(
            new DecisionMetrics(guardian.metrics().registry())
                .count(Decision.Kind.SCALE, DecisionOutcome.SCALED))
        .isGreaterThanOrEqualTo(1);
    assertThat(guardian.metrics().scrape()).contains("guardian_decisions_total");
    assertWorkQueueDrained();
  }

  @Test
  void defersScalingWhilePausedAndResumesWhenThePauseExpires() throws Exception {
    // given: a hot deployment and a pause on it for 60 s
    fixture.deployment("bank", "ledger", 2, 450);
    fixture.core(
        "coordination.pause",
        "{\"requested_by\": \"financial-guardian\", \"reason\": \"fraud investigation\","
            + " \"services\": [\"bank/ledger\"], \"ttl_s\": 60, \"correlation_id\": \"fraud-7\"}");
    JsonNode paused =
        fixture.awaitEvent(
            "coordination_paused", e -> e.path("correlation_id").asText().equals("fraud-7"));
    assertThat(paused.path("context").path("requested_by").asText())
        .isEqualTo("financial-guardian");
    assertThat(paused.path("context").path("ttl_s").asInt()).isEqualTo(60);

    // when: a cycle runs while paused
    fixture.command("eval-2", "{\"type\": \"evaluate\", \"service\": \"bank/ledger\"}");

    // then: the decision is deferred, not carried out
    JsonNode deferred = fixture.awaitEvent("scaling_deferred", forService("ledger"));
    assertThat(deferred.path("context").path("paused_by").asText()).isEqualTo("financial-guardian");
    assertThat(deferred.path("context").path("from_replicas").asInt()).isEqualTo(2);
    assertThat(deferred.path("context").path("to_replicas").asInt()).isEqualTo(3);
    assertThat(deferred.path("context").path("reason").asText()).contains("fraud investigation");
    assertThat(fixture.replicas("bank", "ledger")).isEqualTo(2);

    // when: the TTL runs out
    fixture.clock.advance(Duration.ofSeconds(61));

    // then: it ends by itself, and the next cycle scales
    JsonNode resumed =
        fixture.awaitEvent(
            "coordination_resumed",
            e ->
                e.path("context").path("expired").asBoolean()
                    && e.path("correlation_id").asText().equals("fraud-7"));
    assertThat(resumed.path("context").path("services").toString()).contains("bank/ledger");
    fixture.command("eval-3", "{\"type\": \"evaluate\", \"service\": \"bank/ledger\"}");
    await().atMost(Duration.ofSeconds(20)).until(() -> fixture.replicas("bank", "ledger") == 3);
  }

  @Test
  void resumesScalingOnAResumeCommand() throws Exception {
    // given: a pause of everything through a command
    fixture.deployment("pay", "gateway", 2, 450);
    fixture.command(
        "pause-1",
        "{\"type\": \"pause\", \"requested_by\": \"operator\", \"reason\": \"freeze\","
            + " \"services\": [\"*\"], \"ttl_s\": 900, \"correlation_id\": \"freeze-1\"}");
    fixture.awaitEvent(
        "coordination_paused", e -> e.path("correlation_id").asText().equals("freeze-1"));
    fixture.command("eval-4", "{\"type\": \"evaluate\", \"service\": \"pay/gateway\"}");
    fixture.awaitEvent("scaling_deferred", forService("gateway"));
    assertThat(fixture.replicas("pay", "gateway")).isEqualTo(2);

    // when
    fixture.command(
        "resume-1",
        "{\"type\": \"resume\", \"requested_by\": \"operator\", \"correlation_id\": \"freeze-2\"}");

    // then
    JsonNode resumed =
        fixture.awaitEvent(
            "coordination_resumed", e -> e.path("correlation_id").asText().equals("freeze-2"));
    assertThat(resumed.path("context").path("expired").asBoolean()).isFalse();
    assertThat(guardian.pauses().current()).isEmpty();
    fixture.command("eval-5", "{\"type\": \"evaluate\", \"service\": \"pay/gateway\"}");
    await().atMost(Duration.ofSeconds(20)).until(() -> fixture.replicas("pay", "gateway") == 3);
  }

  @Test
  void rejectsABadCommandAndKeepsServing() throws Exception {
    // when: not JSON, an unknown type, a pause without requester
    fixture.command("bad-1", "launch the rockets");
    fixture.command("bad-2", "{\"type\": \"launch\"}");
    fixture.command("bad-3", "{\"type\": \"pause\", \"ttl_s\": -5}");

    // then: each refused with a reason, and the agent still answers
    assertThat(
            fixture
                .awaitEvent(
                    "command_rejected", e -> e.path("message_id").asText().equals("rejected-bad-1"))
                .path("reason")
                .asText())
        .contains("not valid JSON");
    assertThat(
            fixture
                .awaitEvent(
                    "command_rejected", e -> e.path("message_id").asText().equals("rejected-bad-2"))
                .path("reason")
                .asText())
        .contains("unsupported type \"launch\"");
    assertThat(
            fixture
                .awaitEvent(
                    "command_rejected", e -> e.path("message_id").asText().equals("rejected-bad-3"))
                .path("reason")
                .asText())
        .contains("requested_by");
    fixture.command("status-1", "{\"type\": \"status\", \"correlation_id\": \"st-1\"}");
    JsonNode status =
        fixture.awaitEvent(
            "guardian_status", e -> e.path("correlation_id").asText().equals("st-1"));
    assertThat(status.path("context").path("leader").asBoolean()).isTrue();
    assertWorkQueueDrained();
  }

  @Test
  void sendsHeartbeatsThatFollowTheContract() throws Exception {
    // given
    Subscription sub = fixture.client.subscribe(Contract.SUBJECT_STATUS_PREFIX + "ops-guardian");

    // when: the interval passes, or a status command asks
    fixture.command("status-2", "{\"type\": \"status\"}");

    // then
    Message message = sub.nextMessage(Duration.ofSeconds(10));
    assertThat(message).isNotNull();
    String body = new String(message.getData(), StandardCharsets.UTF_8);
    Schemas.assertValid(ContractSchemas.AGENT_STATUS, body);
    JsonNode heartbeat = GuardianFixture.parse(body);
    assertThat(heartbeat.path("agent").asText()).isEqualTo("ops-guardian");
    assertThat(heartbeat.path("status").asText()).isEqualTo("active");
    JsonNode connections = heartbeat.path("connections");
    assertThat(connections.path("nats").asText()).isEqualTo("ok");
    assertThat(connections.path("kubernetes").asText()).isEqualTo("ok");
    assertThat(connections.path("prometheus").asText()).isEqualTo("disabled");
    assertThat(connections.path("llm").asText()).isEqualTo("disabled");
    sub.unsubscribe();
  }

  @Test
  void answersStatusRequestsThroughTheNatsServiceApi() throws Exception {
    // when
    Message reply =
        fixture.client.request(OpsGuardian.SUBJECT_STATUS, new byte[0], Duration.ofSeconds(10));

    // then: the heartbeat document, plus this replica's view
    String body = new String(reply.getData(), StandardCharsets.UTF_8);
    Schemas.assertValid(ContractSchemas.AGENT_STATUS, body);
    JsonNode status = GuardianFixture.parse(body);
    assertThat(status.path("guardian").path("leader").asBoolean()).isTrue();
    assertThat(status.path("guardian").path("monitor_interval_s").asInt()).isEqualTo(3600);
    Message ping =
        fixture.client.request("$SRV.PING.ops-guardian", new byte[0], Duration.ofSeconds(10));
    assertThat(new String(ping.getData(), StandardCharsets.UTF_8))
        .contains("\"name\":\"ops-guardian\"");
  }

  @Test
  void leavesAWorkloadWithCrashingPodsAlone() throws Exception {
    // given: a hot deployment whose pod crash-loops
    fixture.deployment("ops", "worker", 2, 450);
    var pod = client.pods().inNamespace("ops").withName("worker-0").get();
    pod.getStatus()
        .setContainerStatuses(
            java.util.List.of(
                new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                    .withName("app")
                    .withNewState()
                    .withNewWaiting()
                    .withReason("CrashLoopBackOff")
                    .endWaiting()
                    .endState()
                    .build()));
    client.pods().inNamespace("ops").resource(pod).updateStatus();

    // when
    fixture.command("eval-6", "{\"type\": \"evaluate\", \"service\": \"ops/worker\"}");

    // then
    JsonNode blocked = fixture.awaitEvent("scaling_blocked", forService("worker"));
    assertThat(blocked.path("severity").asText()).isEqualTo("high");
    assertThat(blocked.path("context").path("reason").asText()).contains("crash-looping");
    assertThat(fixture.replicas("ops", "worker")).isEqualTo(2);
  }

  @Test
  void leavesAWorkloadOwnedByAnHpaToIt() throws Exception {
    // given: a hot deployment that an HPA targets
    fixture.deployment("mkt", "search", 2, 450);
    client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace("mkt")
        .resource(
            new io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder()
                .withNewMetadata()
                .withName("search-hpa")
                .withNamespace("mkt")
                .endMetadata()
                .withNewSpec()
                .withMinReplicas(1)
                .withMaxReplicas(5)
                .withNewScaleTargetRef()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName("search")
                .endScaleTargetRef()
                .endSpec()
                .build())
        .create();

    // when
    fixture.command("eval-7", "{\"type\": \"evaluate\", \"service\": \"mkt/search\"}");

    // then
    JsonNode delegated = fixture.awaitEvent("scaling_delegated", forService("search"));
    assertThat(delegated.path("context").path("reason").asText()).contains("search-hpa");
    assertThat(fixture.replicas("mkt", "search")).isEqualTo(2);
  }

  private static void assertWorkQueueDrained() {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              var info =
                  fixture
                      .client
                      .jetStreamManagement()
                      .getConsumerInfo(Contract.AGENT_TASKS, Contract.CONSUMER_OPS_GUARDIAN);
              assertThat(info.getNumPending()).isZero();
              assertThat(info.getNumAckPending()).isZero();
            });
  }
}

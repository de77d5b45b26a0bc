package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.testing.Schemas;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The infrastructure agent end to end over a real nats-server, as an orchestrator sees it. */
class InfrastructureAgentIT {

  private static AgentFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new AgentFixture();
    fixture.startAgent();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @AfterEach
  void everythingPublishedFollowsTheContract() {
    fixture.assertEverythingPublishedIsValid();
  }

  @Test
  void answersAnAlertWithAnHonestAnalysisAndTheDeploymentState() throws Exception {
    // given: the contract's example alert, and no evidence source configured
    fixture.publishAlert(
        null,
        """
        {"alert_id": "a-123", "correlation_id": "c-9", "service": "payments", "namespace": "prod",
         "severity": "critical", "reason": "CrashLoopBackOff", "summary": "payments pods restarting",
         "labels": {"team": "core"}, "annotations": {}, "started_at": "2026-11-22T10:00:00Z",
         "context": {"error_rate": 4.2}, "mode": "analyze"}
        """);

    // when
    JsonNode analysis = fixture.awaitAnalysis("a-123");

    // then: UNKNOWN with every source skipped, no invented findings
    assertThat(analysis.path("type").asText()).isEqualTo("infrastructure_analysis");
    assertThat(analysis.path("message_id").asText()).isEqualTo("analysis-a-123");
    assertThat(analysis.path("correlation_id").asText()).isEqualTo("c-9");
    assertThat(analysis.path("source").asText()).isEqualTo("infrastructure-agent");
    assertThat(analysis.path("status").asText()).isEqualTo("completed");
    assertThat(analysis.path("root_cause").path("category").asText()).isEqualTo("UNKNOWN");
    assertThat(analysis.path("findings")).isEmpty();
    assertThat(analysis.path("sources").path("kubernetes").asText()).isEqualTo("skipped");
    assertThat(analysis.path("sources").path("git").asText()).isEqualTo("skipped");
    assertThat(analysis.path("sources").path("argocd").asText()).isEqualTo("skipped");
    assertThat(analysis.path("analyzer").asText()).isEqualTo("rules");
    // the deployment's state is published after the analysis
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                fixture.data("deployments.payments").stream()
                    .anyMatch(d -> d.path("alert_id").asText().equals("a-123")));
    List<JsonNode> deployments =
        fixture.data("deployments.payments").stream()
            .filter(d -> d.path("alert_id").asText().equals("a-123"))
            .toList();
    assertThat(deployments)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.path("type").asText()).isEqualTo("deployment_analysis");
              assertThat(d.path("alert_id").asText()).isEqualTo("a-123");
              assertThat(d.path("rollback").path("feasible").asBoolean()).isFalse();
            });
    fixture.assertWorkQueueDrained(Contract.AGENT_TASKS, Contract.CONSUMER_INFRASTRUCTURE);
  }

  @Test
  void takesTheAlertIdFromTheMessageIdHeaderWhenTheBodyHasNone() throws Exception {
    fixture.publishAlert("hdr-7", "{\"service\": \"cart\", \"namespace\": \"shop\"}");

    JsonNode analysis = fixture.awaitAnalysis("hdr-7");

    assertThat(analysis.path("service").asText()).isEqualTo("cart");
    assertThat(analysis.path("correlation_id").asText()).isEqualTo("hdr-7");
  }

  @Test
  void analysesEachFiringAlertOfAnAlertmanagerWebhook() throws Exception {
    // given: two firing alerts and a resolved one, as Alertmanager posts them
    fixture.publishAlert(
        "am-1",
        """
        {"version": "4", "groupKey": "{}:{alertname=\\"KubePodCrashLooping\\"}", "status": "firing",
         "receiver": "agents", "groupLabels": {"alertname": "KubePodCrashLooping"},
         "commonLabels": {}, "commonAnnotations": {}, "externalURL": "http://alertmanager:9093",
         "truncatedAlerts": 0,
         "alerts": [
          {"status": "firing", "labels": {"alertname": "KubePodCrashLooping", "namespace": "prod",
            "deployment": "checkout", "severity": "critical"},
           "annotations": {"summary": "checkout is crash looping"},
           "startsAt": "2026-11-22T10:00:00.123Z", "endsAt": "0001-01-01T00:00:00Z",
           "generatorURL": "http://prometheus:9090/graph", "fingerprint": "c1f2a3b4"},
          {"status": "firing", "labels": {"alertname": "KubeDeploymentReplicasMismatch",
            "namespace": "prod", "app_kubernetes_io_name": "search", "severity": "warning"},
           "annotations": {"description": "search has fewer replicas than desired"},
           "startsAt": "2026-11-22T10:05:00Z", "endsAt": "0001-01-01T00:00:00Z",
           "generatorURL": "http://prometheus:9090/graph", "fingerprint": "d5e6f7a8"},
          {"status": "resolved", "labels": {"alertname": "Old", "namespace": "prod", "app": "legacy"},
           "annotations": {}, "startsAt": "2026-11-22T09:00:00Z", "endsAt": "2026-11-22T09:30:00Z",
           "generatorURL": "", "fingerprint": "0000aaaa"}
         ]}
        """);

    // then
    JsonNode checkout = fixture.awaitAnalysis("c1f2a3b4-1795341600");
    JsonNode search = fixture.awaitAnalysis("d5e6f7a8-1795341900");
    assertThat(checkout.path("service").asText()).isEqualTo("checkout");
    assertThat(checkout.path("namespace").asText()).isEqualTo("prod");
    assertThat(search.path("service").asText()).isEqualTo("search");
    assertThat(fixture.responses()).noneMatch(r -> r.path("service").asText().equals("legacy"));
  }

  @Test
  void rejectsBadInputWithTheRightCodeAndKeepsAnswering() throws Exception {
    // given: five requests that cannot be analysed
    byte[] twoMebibytes =
        ("{\"service\": \"x\", \"namespace\": \"y\", \"summary\": \""
                + "a".repeat(2 * 1024 * 1024)
                + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] garbage = new byte[512];
    new java.util.Random(42).nextBytes(garbage);
    fixture.publishAlert("bad-json", "{\"service\": \"payments\", \"namespace\": ");
    fixture.publishAlert("no-service", "{\"namespace\": \"prod\", \"severity\": \"critical\"}");
    fixture.publish(Contract.SUBJECT_INFRASTRUCTURE, "too-large", twoMebibytes);
    fixture.publishAlert("array", "[{\"service\": \"payments\", \"namespace\": \"prod\"}]");
    fixture.publish(Contract.SUBJECT_INFRASTRUCTURE, "garbage", garbage);

    // when: a valid alert follows them
    fixture.publishAlert("after-bad", "{\"service\": \"payments\", \"namespace\": \"prod\"}");

    // then
    assertRejected("bad-json", "INVALID_JSON");
    assertThat(
            assertRejected("no-service", "SCHEMA_VIOLATION").path("error").path("message").asText())
        .contains("service");
    assertThat(
            assertRejected("too-large", "PAYLOAD_TOO_LARGE").path("error").path("message").asText())
        .contains("MAX_PAYLOAD_BYTES");
    assertRejected("array", "UNSUPPORTED_TYPE");
    assertRejected("garbage", "INVALID_JSON");
    assertThat(fixture.awaitAnalysis("after-bad").path("status").asText()).isEqualTo("completed");
    fixture.assertWorkQueueDrained(Contract.AGENT_TASKS, Contract.CONSUMER_INFRASTRUCTURE);
  }

  @Test
  void namesTheBadFieldOfAnAlertThatBreaksTheSchema() throws Exception {
    fixture.publishAlert(
        "bad-severity",
        "{\"service\": \"payments\", \"namespace\": \"prod\", \"severity\": \"urgent\"}");

    JsonNode rejected = assertRejected("bad-severity", "SCHEMA_VIOLATION");

    assertThat(rejected.path("error").path("message").asText()).contains("/severity");
    assertThat(rejected.path("service").asText()).isEqualTo("payments");
  }

  @Test
  void rejectsARunbookExecutionRequestWhenNoClusterIsConfigured() throws Exception {
    fixture.publish(
        Contract.SUBJECT_RUNBOOK_EXECUTE,
        "x-77",
        """
        {"execution_id": "x-77", "correlation_id": "c-9", "runbook_id": "restart-crashlooping-pods",
         "target": {"namespace": "prod", "service": "payments"}, "parameters": {},
         "dry_run": true, "requested_by": "orchestrator", "issued_at": "2026-11-22T10:01:00Z"}
        """
            .getBytes(StandardCharsets.UTF_8));

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> !fixture.data("runbook.execution.infrastructure").isEmpty());
    JsonNode result = fixture.data("runbook.execution.infrastructure").getFirst();
    Schemas.assertValid(ContractSchemas.RUNBOOK_RESULT, result.toString());
    assertThat(result.path("execution_id").asText()).isEqualTo("x-77");
    assertThat(result.path("status").asText()).isEqualTo("rejected");
    assertThat(result.path("error").path("message").asText()).contains("nothing was changed");
    fixture.assertWorkQueueDrained(
        Contract.RUNBOOK_EXECUTIONS, Contract.CONSUMER_INFRASTRUCTURE_RUNBOOKS);
  }

  @Test
  void sendsHeartbeatsThatFollowTheContract() throws Exception {
    Subscription sub = fixture.client.subscribe("agent.status.infrastructure-agent");

    io.nats.client.Message beat = sub.nextMessage(Duration.ofSeconds(5));

    assertThat(beat).isNotNull();
    String json = new String(beat.getData(), StandardCharsets.UTF_8);
    Schemas.assertValid(ContractSchemas.AGENT_STATUS, json);
    JsonNode status = AgentFixture.parse(json);
    assertThat(status.path("status").asText()).isEqualTo("active");
    assertThat(status.path("instance_id").asText()).isEqualTo("test-instance");
    assertThat(status.path("connections").path("nats").asText()).isEqualTo("ok");
    assertThat(status.path("connections").path("kubernetes").asText()).isEqualTo("disabled");
    sub.unsubscribe();
  }

  @Test
  void registersWithTheNatsServiceApiAndAnswersItsEndpoints() throws Exception {
    // discovery
    io.nats.client.Message ping =
        fixture.client.request(
            "$SRV.PING.infrastructure-agent", new byte[0], Duration.ofSeconds(5));
    JsonNode pong = AgentFixture.parse(new String(ping.getData(), StandardCharsets.UTF_8));
    assertThat(pong.path("name").asText()).isEqualTo("infrastructure-agent");
    JsonNode info =
        AgentFixture.parse(
            new String(
                fixture
                    .client
                    .request("$SRV.INFO.infrastructure-agent", new byte[0], Duration.ofSeconds(5))
                    .getData(),
                StandardCharsets.UTF_8));
    assertThat(info.path("endpoints").findValuesAsText("subject"))
        .containsExactlyInAnyOrder("agent.infrastructure.status", "agent.infrastructure.analyze");

    // status, now
    String status =
        new String(
            fixture
                .client
                .request("agent.infrastructure.status", new byte[0], Duration.ofSeconds(5))
                .getData(),
            StandardCharsets.UTF_8);
    Schemas.assertValid(ContractSchemas.AGENT_STATUS, status);

    // an analysis, now, and published as usual
    byte[] alert =
        "{\"alert_id\": \"rr-1\", \"service\": \"inventory\", \"namespace\": \"prod\"}"
            .getBytes(StandardCharsets.UTF_8);
    String reply =
        new String(
            fixture
                .client
                .request("agent.infrastructure.analyze", alert, Duration.ofSeconds(10))
                .getData(),
            StandardCharsets.UTF_8);
    Schemas.assertValid(ContractSchemas.ANALYSIS, reply);
    assertThat(AgentFixture.parse(reply).path("alert_id").asText()).isEqualTo("rr-1");
    assertThat(fixture.awaitAnalysis("rr-1").path("message_id").asText())
        .isEqualTo("analysis-rr-1");
  }

  private static JsonNode assertRejected(String alertId, String code) {
    JsonNode response = fixture.awaitAnalysis(alertId);
    assertThat(response.path("status").asText()).as("status of %s", alertId).isEqualTo("rejected");
    assertThat(response.path("error").path("code").asText())
        .as("code of %s", alertId)
        .isEqualTo(code);
    return response;
  }
}

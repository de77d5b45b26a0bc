package io.autoagent.tools.remediation;

import static io.autoagent.tools.remediation.Fixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.testing.Schemas;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Recommendation;
import io.autoagent.tools.remediation.policy.PolicySource;
import io.autoagent.tools.remediation.policy.RemediationPolicy;
import io.autoagent.tools.remediation.store.ExecutionStore;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine against the fabric8 mock API (CRUD mode) with an in-memory execution store. */
@EnableKubernetesMockClient(crud = true)
class RemediationEngineTest {

  private static final ObjectMapper MAPPER = Json.newMapper();

  KubernetesClient client;
  private final Fixtures.RecordingAudit audit = new Fixtures.RecordingAudit();
  private final ExecutionStore store = ExecutionStore.inMemory();

  @BeforeEach
  void given() {
    Fixtures.healthyWeb(client);
  }

  private RemediationEngine engine(PolicySource policies, RemediationConfig config) {
    return RemediationEngine.builder()
        .client(client)
        .runbooks(Fixtures.runbooks())
        .policies(policies)
        .store(store)
        .audit(audit)
        .config(config)
        .build();
  }

  private RemediationEngine engine() {
    return engine(PolicySource.of(List.of(Fixtures.livePolicy())), Fixtures.config());
  }

  private Deployment web() {
    return client.apps().deployments().inNamespace(NS).withName("web").get();
  }

  private static void assertValidResult(ExecutionReport report) {
    NatsAuditSink sink =
        new NatsAuditSink(
            MAPPER, new Envelopes(MAPPER, "infrastructure-agent", Clock.systemUTC()), null);
    Schemas.assertValid(
        ContractSchemas.RUNBOOK_RESULT, sink.resultDocument(report, "m-1").toString());
  }

  private static void assertValidRunning(ExecutionReport progress) {
    NatsAuditSink sink =
        new NatsAuditSink(
            MAPPER, new Envelopes(MAPPER, "infrastructure-agent", Clock.systemUTC()), null);
    var doc = sink.resultDocument(progress, "execution-x-0");
    doc.put("sequence", 0);
    assertThat(doc.path("status").asText()).isEqualTo("running");
    Schemas.assertValid(ContractSchemas.RUNBOOK_RESULT, doc.toString());
  }

  private static Map<String, Object> scaleParams() {
    return Map.of("current_replicas", 2, "target_replicas", 4, "max_replicas", 6);
  }

  @Test
  void dryRunPlansTheExactChangesAndChangesNothing() {
    Deployment before = web();

    ExecutionReport r =
        engine()
            .submit(
                Fixtures.request("d-1", "scale-deployment", true, scaleParams()),
                Trust.UNSIGNED,
                "s:1");

    assertThat(r.status()).isEqualTo(ExecutionStatus.DRY_RUN);
    assertThat(r.steps()).extracting(StepReport::status).containsOnly(StepStatus.PLANNED);
    assertThat(r.steps().getFirst().changes())
        .singleElement()
        .isEqualTo(new FieldChange("Deployment demo/web", "spec.replicas", 2, 4));
    assertThat(r.preconditions()).allMatch(CheckOutcome::holds);
    assertThat(web()).isEqualTo(before);
    assertValidResult(r);
  }

  @Test
  void deniesALiveRunWithoutAMatchingPolicy() {
    ExecutionReport r =
        engine(PolicySource.NONE, Fixtures.config())
            .submit(
                Fixtures.request("p-1", "scale-deployment", false, scaleParams()),
                Trust.SIGNED,
                "s:1");

    assertThat(r.status()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(r.error().code()).isEqualTo(ExecutionError.POLICY_DENIED);
    assertThat(r.error().message()).contains("no AutoRemediationPolicy");
    assertThat(web().getSpec().getReplicas()).isEqualTo(2);
    assertValidResult(r);
  }

  @Test
  void deniesALiveRunWhenThePolicyIsInDryRunModeOrDoesNotAllowTheRunbook() {
    RemediationPolicy dry =
        new RemediationPolicy(
            NS,
            "dry",
            Map.of("app", "web"),
            true,
            50,
            null,
            null,
            List.of(),
            RemediationPolicy.Mode.DRY_RUN,
            null);
    RemediationPolicy other =
        new RemediationPolicy(
            NS,
            "narrow",
            Map.of("app", "web"),
            true,
            50,
            null,
            null,
            List.of("restart-crashlooping-pods"),
            RemediationPolicy.Mode.LIVE,
            null);

    ExecutionReport r1 =
        engine(PolicySource.of(List.of(dry)), Fixtures.config())
            .submit(
                Fixtures.request("p-2", "scale-deployment", false, scaleParams()),
                Trust.SIGNED,
                "s:1");
    ExecutionReport r2 =
        engine(PolicySource.of(List.of(other)), Fixtures.config())
            .submit(
                Fixtures.request("p-3", "scale-deployment", false, scaleParams()),
                Trust.SIGNED,
                "s:2");

    assertThat(r1.error().message()).contains("mode dryRun");
    assertThat(r2.error().message()).contains("allowedRunbooks");
    assertThat(web().getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void refusesProtectedNamespacesWhateverThePolicySays() {
    RemediationPolicy kubeSystem =
        new RemediationPolicy(
            "kube-system",
            "all",
            Map.of(),
            true,
            50,
            null,
            null,
            List.of(),
            RemediationPolicy.Mode.LIVE,
            null);
    RemediationEngine engine =
        engine(PolicySource.of(List.of(kubeSystem, Fixtures.livePolicy())), Fixtures.config());
    ExecutionRequest inKubeSystem =
        new ExecutionRequest(
            "n-1",
            null,
            "scale-deployment",
            new ExecutionRequest.Target("kube-system", "coredns", null, null),
            scaleParams(),
            false,
            "orchestrator",
            null,
            null);

    ExecutionReport direct = engine.submit(inKubeSystem, Trust.SIGNED, "s:1");
    ExecutionReport viaStep =
        engine.submit(
            Fixtures.request("n-2", "touch-kube-system", false, Map.of()), Trust.SIGNED, "s:2");
    ExecutionReport ownNamespace =
        engine.submit(
            new ExecutionRequest(
                "n-3",
                null,
                "scale-deployment",
                new ExecutionRequest.Target("autoagent", "agent", null, null),
                scaleParams(),
                true,
                "orchestrator",
                null,
                null),
            Trust.SIGNED,
            "s:3");

    assertThat(List.of(direct, viaStep, ownNamespace))
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(ExecutionStatus.REJECTED);
              assertThat(r.error().code()).isEqualTo(ExecutionError.FORBIDDEN_NAMESPACE);
            });
    assertThat(viaStep.error().message()).contains("kube-system");
  }

  @Test
  void refusesUnsignedLiveRunsUnlessExplicitlyAllowed() {
    RemediationEngine strict =
        engine(PolicySource.of(List.of(Fixtures.livePolicy())), RemediationConfig.defaults());

    ExecutionReport r =
        strict.submit(
            Fixtures.request("u-1", "scale-deployment", false, scaleParams()),
            Trust.UNSIGNED,
            "s:1");

    assertThat(r.error().code()).isEqualTo(ExecutionError.SIGNATURE_INVALID);
    assertThat(r.error().message()).contains("ALLOW_UNSIGNED_EXECUTION");
    assertThat(web().getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void runsAnAllowedLiveRunAndRecordsEveryStepWithDeterministicIds() {
    ExecutionReport r =
        engine()
            .submit(
                Fixtures.request("l-1", "scale-and-label", false, Map.of("replicas", 3)),
                Trust.SIGNED,
                "s:1");

    assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(web().getSpec().getReplicas()).isEqualTo(3);
    assertThat(web().getMetadata().getLabels()).containsEntry("remediated", "true");
    assertThat(r.verified()).isTrue();
    assertThat(audit.ids())
        .containsExactly(
            "execution-l-1-decision",
            "execution-l-1-step-1-succeeded",
            "execution-l-1-step-2-succeeded",
            "execution-l-1");
    assertThat(audit.sequences)
        .as("running: each step starts and ends")
        .containsExactly(0, 1, 2, 3);
    assertThat(audit.running).allSatisfy(p -> assertValidRunning(p));
    assertThat(audit.steps.getFirst().changes())
        .singleElement()
        .isEqualTo(new FieldChange("Deployment demo/web", "spec.replicas", 2, 3));
    assertValidResult(r);
  }

  @Test
  void rollsBackEveryCompletedStepWhenVerificationFails() {
    client
        .pods()
        .inNamespace(NS)
        .withName("web-2")
        .edit(
            p ->
                new PodBuilder(p)
                    .editStatus()
                    .editFirstCondition()
                    .withStatus("False")
                    .endCondition()
                    .endStatus()
                    .build());

    ExecutionReport r =
        engine()
            .submit(
                Fixtures.request("v-1", "scale-and-label", false, Map.of("replicas", 3)),
                Trust.SIGNED,
                "s:1");

    assertThat(r.status()).isEqualTo(ExecutionStatus.ROLLED_BACK);
    assertThat(r.error().code()).isEqualTo(ExecutionError.TIMEOUT);
    assertThat(r.error().message()).contains("pods_ready").contains("web-2");
    assertThat(web().getSpec().getReplicas()).isEqualTo(2);
    assertThat(web().getMetadata().getLabels()).doesNotContainKey("remediated");
    assertThat(r.steps())
        .filteredOn(s -> s.phase().equals(StepReport.PHASE_STEP))
        .extracting(StepReport::status)
        .containsOnly(StepStatus.ROLLED_BACK);
    assertThat(r.steps())
        .filteredOn(s -> s.phase().equals(StepReport.PHASE_ROLLBACK))
        .extracting(StepReport::name)
        .containsExactly("undo-mark", "undo-scale");
    assertThat(audit.ids())
        .contains(
            "execution-v-1-rollback-1-succeeded",
            "execution-v-1-step-1-rolled_back",
            "execution-v-1");
    assertValidResult(r);
  }

  @Test
  void waitsForApprovalOnHighRiskAndTheApprovalContinuesTheSameExecution() {
    RemediationEngine engine = engine();

    ExecutionReport waiting =
        engine.submit(Fixtures.request("a-1", "risky-scale", false, Map.of()), Trust.SIGNED, "s:1");
    ExecutionRequest approval =
        new ExecutionRequest(
            "a-1",
            null,
            "risky-scale",
            new ExecutionRequest.Target(NS, "web", null, null),
            Map.of(),
            false,
            "orchestrator",
            null,
            new ExecutionRequest.Approval("alice", Instant.parse("2026-11-22T10:05:00Z")));
    int replicasWhileWaiting = web().getSpec().getReplicas();
    ExecutionReport done = engine.submit(approval, Trust.SIGNED, "s:2");

    assertThat(waiting.status()).isEqualTo(ExecutionStatus.AWAITING_APPROVAL);
    assertThat(waiting.steps()).extracting(StepReport::status).containsOnly(StepStatus.PLANNED);
    assertThat(replicasWhileWaiting).isEqualTo(2);
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(done.decision().approvedBy()).isEqualTo("alice");
    assertThat(web().getSpec().getReplicas()).isEqualTo(4);
    assertThat(audit.ids())
        .contains("execution-a-1-awaiting_approval", "execution-a-1-approval", "execution-a-1");
    assertValidResult(waiting);
  }

  @Test
  void answersARepeatedExecutionIdDuplicateWithoutRunningItAgain() {
    RemediationEngine engine = engine();
    engine.submit(
        Fixtures.request("r-1", "scale-and-label", false, Map.of("replicas", 3)),
        Trust.SIGNED,
        "s:1");
    client.apps().deployments().inNamespace(NS).withName("web").scale(2);

    ExecutionReport again =
        engine.submit(
            Fixtures.request("r-1", "scale-and-label", false, Map.of("replicas", 3)),
            Trust.SIGNED,
            "s:2");

    assertThat(again.status()).isEqualTo(ExecutionStatus.DUPLICATE);
    assertThat(web().getSpec().getReplicas()).isEqualTo(2);
    assertValidResult(again);
  }

  @Test
  void stopsTheFourthLiveExecutionOnATargetWithinAnHour() {
    RemediationEngine engine = engine();
    for (int i = 1; i <= 3; i++) {
      assertThat(
              engine
                  .submit(
                      Fixtures.request(
                          "rl-" + i, "scale-and-label", false, Map.of("replicas", 2 + i)),
                      Trust.SIGNED,
                      "s:" + i)
                  .status())
          .isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    ExecutionReport fourth =
        engine.submit(
            Fixtures.request("rl-4", "scale-and-label", false, Map.of("replicas", 7)),
            Trust.SIGNED,
            "s:4");

    assertThat(fourth.status()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(fourth.error().message()).contains("rate limit");
    assertThat(web().getSpec().getReplicas()).isEqualTo(5);
  }

  @Test
  void refusesASecondExecutionWhileAnotherHoldsTheTarget() {
    store.lock("demo/web", "other-execution", Instant.now(), Duration.ofHours(2));

    ExecutionReport r =
        engine()
            .submit(
                Fixtures.request("t-1", "scale-and-label", false, Map.of("replicas", 3)),
                Trust.SIGNED,
                "s:1");

    assertThat(r.status()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(r.error().message()).contains("other-execution is running on demo/web");
    assertThat(web().getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void remediatesAnAlertLiveWhereThePolicyAllowsItAndAsADryRunElsewhere() {
    Alert alert =
        new Alert(
            "al-1",
            "c-1",
            "web",
            NS,
            null,
            "HighLoad",
            null,
            null,
            null,
            null,
            null,
            Alert.Mode.REMEDIATE);
    Recommendation rec =
        new Recommendation(
            "scale-and-label", "Scale", "saturated", "low", true, Map.of("replicas", 3));

    RemediationOutcome live = engine().remediate(alert, rec);
    RemediationOutcome dry =
        engine(PolicySource.NONE, Fixtures.config())
            .remediate(
                new Alert(
                    "al-2",
                    "c-2",
                    "web",
                    NS,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    Alert.Mode.REMEDIATE),
                rec);

    assertThat(live.mode()).isEqualTo(RemediationOutcome.Mode.EXECUTED);
    assertThat(live.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(live.executionId()).isEqualTo("alert-al-1-scale-and-label");
    assertThat(dry.mode()).isEqualTo(RemediationOutcome.Mode.DRY_RUN);
    assertThat(web().getSpec().getReplicas()).isEqualTo(3);
  }
}

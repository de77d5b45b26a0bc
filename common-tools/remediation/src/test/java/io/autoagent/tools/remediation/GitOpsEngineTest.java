package io.autoagent.tools.remediation;

import static io.autoagent.tools.remediation.Fixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.testing.Schemas;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Recommendation;
import io.autoagent.tools.remediation.policy.PolicyLimits;
import io.autoagent.tools.remediation.policy.PolicySource;
import io.autoagent.tools.remediation.policy.RemediationPolicy;
import io.autoagent.tools.remediation.store.ExecutionStore;
import io.autoagent.tools.runbook.Runbook;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine with a GitOps port: live runs GitOps carries become pull requests, recorded and
 * audited like any execution, and never patch the cluster.
 */
@EnableKubernetesMockClient(crud = true)
class GitOpsEngineTest {

  private static final ObjectMapper MAPPER = Json.newMapper();

  KubernetesClient client;
  private final Fixtures.RecordingAudit audit = new Fixtures.RecordingAudit();
  private final ExecutionStore store = ExecutionStore.inMemory();

  /**
   * Routes every manifest change as told and answers each proposal with a pull request named after
   * it.
   */
  private static final class Forge implements GitOpsPort {
    volatile GitOpsPort.Route route;
    final List<String> proposed = new CopyOnWriteArrayList<>();
    final List<PolicyLimits> limits = new CopyOnWriteArrayList<>();
    final List<Incident> incidents = new CopyOnWriteArrayList<>();
    final List<Workload> seen = new CopyOnWriteArrayList<>();
    boolean refuse;
    int unreachable;

    Forge(GitOpsPort.Route route) {
      this.route = route;
    }

    @Override
    public Route route(
        ExecutionRequest.Target target,
        Workload workload,
        RemediationPolicy policy,
        Runbook runbook) {
      seen.add(workload);
      return route;
    }

    @Override
    public PullRequestReport propose(
        ExecutionRequest request,
        Runbook runbook,
        Map<String, Object> params,
        PolicyLimits limits,
        Incident incident) {
      if (refuse) {
        throw new PermanentException("no manifest in the repository declares Deployment demo/web");
      }
      if (unreachable > 0) {
        unreachable--;
        throw new RetriableException("cannot enqueue OPEN_PULL_REQUEST:-:g-7: NATS is down");
      }
      proposed.add(request.executionId() + ":" + params.get("target_replicas"));
      this.limits.add(limits);
      incidents.add(incident);
      String url = "https://github.com/acme/platform/pull/" + proposed.size();
      return new PullRequestReport(
          PullRequestReport.Outcome.CREATED,
          url,
          "autoagent/x",
          "abc123",
          List.of("set replicas to " + params.get("target_replicas")),
          "pull request created: " + url);
    }
  }

  @BeforeEach
  void given() {
    Fixtures.healthyWeb(client);
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("web")
        .edit(
            d -> {
              d.getMetadata()
                  .getAnnotations()
                  .put("argocd.argoproj.io/tracking-id", "web:apps/Deployment:demo/web");
              return d;
            });
  }

  private RemediationEngine engine(PolicySource policies, GitOpsPort gitops) {
    return RemediationEngine.builder()
        .client(client)
        .runbooks(Fixtures.runbooks())
        .policies(policies)
        .store(store)
        .audit(audit)
        .config(Fixtures.config())
        .gitops(gitops)
        .build();
  }

  private int replicas() {
    return client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("web")
        .get()
        .getSpec()
        .getReplicas();
  }

  private static Map<String, Object> scaleParams() {
    return Map.of("current_replicas", 2, "target_replicas", 4, "max_replicas", 6);
  }

  private static JsonNode document(ExecutionReport report) {
    NatsAuditSink sink =
        new NatsAuditSink(
            MAPPER, new Envelopes(MAPPER, "infrastructure-agent", Clock.systemUTC()), null);
    JsonNode doc = sink.resultDocument(report, "m-1");
    Schemas.assertValid(ContractSchemas.RUNBOOK_RESULT, doc.toString());
    return doc;
  }

  @Test
  void proposesALiveRunGitOpsCarriesAsAPullRequestAndChangesNothingLive() {
    Forge forge = new Forge(GitOpsPort.Route.gitops("Deployment demo/web is managed by Argo CD"));

    ExecutionReport r =
        engine(PolicySource.of(List.of(Fixtures.livePolicy())), forge)
            .submit(
                Fixtures.request("g-1", "scale-deployment", false, scaleParams()),
                Trust.SIGNED,
                "s:1");

    assertThat(r.status()).isEqualTo(ExecutionStatus.PROPOSED);
    assertThat(r.dryRun()).isFalse();
    assertThat(r.pullRequest().url()).isEqualTo("https://github.com/acme/platform/pull/1");
    assertThat(r.decision().outcome()).isEqualTo("gitops_pr");
    assertThat(forge.proposed).containsExactly("g-1:4");
    assertThat(forge.limits.getFirst()).isEqualTo(new PolicyLimits(1, 10, 50));
    assertThat(forge.incidents.getFirst().key()).isEqualTo("demo/web/scale-deployment");
    assertThat(forge.seen.getFirst().annotations()).containsKey("argocd.argoproj.io/tracking-id");
    assertThat(replicas()).isEqualTo(2);
    assertThat(store.get("g-1").orElseThrow().record().pullRequest()).isEqualTo(r.pullRequest());
    assertThat(audit.ids()).containsExactly("execution-g-1");
    JsonNode doc = document(r);
    assertThat(doc.path("status").asText()).isEqualTo("proposed");
    assertThat(doc.path("pull_request").path("outcome").asText()).isEqualTo("created");
    assertThat(doc.path("pull_request").path("url").asText())
        .isEqualTo("https://github.com/acme/platform/pull/1");
    assertThat(doc.path("pull_request").path("changes").get(0).asText())
        .isEqualTo("set replicas to 4");
  }

  @Test
  void answersARepeatAsDuplicateAndAnApprovalByPointingAtThePullRequest() {
    Forge forge = new Forge(GitOpsPort.Route.gitops("REMEDIATION_MODE=gitops"));
    RemediationEngine engine = engine(PolicySource.NONE, forge);
    engine.submit(
        Fixtures.request("g-2", "scale-deployment", false, scaleParams()), Trust.SIGNED, "s:1");

    ExecutionReport redelivered =
        engine.submit(
            Fixtures.request("g-2", "scale-deployment", false, scaleParams()), Trust.SIGNED, "s:1");
    ExecutionReport repeat =
        engine.submit(
            Fixtures.request("g-2", "scale-deployment", false, scaleParams()), Trust.SIGNED, "s:2");
    ExecutionReport approval =
        engine.submit(
            new ExecutionRequest(
                "g-2",
                null,
                "scale-deployment",
                new ExecutionRequest.Target(NS, "web", null, null),
                scaleParams(),
                false,
                "orchestrator",
                null,
                new ExecutionRequest.Approval("alice", Instant.now())),
            Trust.SIGNED,
            "s:3");

    assertThat(forge.proposed).as("proposed once").hasSize(1);
    assertThat(redelivered.status()).isEqualTo(ExecutionStatus.PROPOSED);
    assertThat(redelivered.pullRequest().url())
        .isEqualTo("https://github.com/acme/platform/pull/1");
    assertThat(repeat.status()).isEqualTo(ExecutionStatus.DUPLICATE);
    assertThat(approval.status()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(approval.error().message())
        .contains("https://github.com/acme/platform/pull/1", "merging the pull request");
    assertThat(replicas()).isEqualTo(2);
  }

  @Test
  void refusesALiveRunGitOpsMustCarryButCannotAndPlansADryRunWithTheReason() {
    Forge forge =
        new Forge(
            GitOpsPort.Route.refused(
                "Deployment demo/web is managed by Argo CD, but GitOps is not"
                    + " configured (set GITOPS_REPO_URL and GITHUB_TOKEN (or GITLAB_TOKEN))"));
    RemediationEngine engine = engine(PolicySource.of(List.of(Fixtures.livePolicy())), forge);

    ExecutionReport live =
        engine.submit(
            Fixtures.request("g-3", "scale-deployment", false, scaleParams()), Trust.SIGNED, "s:1");
    ExecutionReport dry =
        engine.submit(
            Fixtures.request("g-4", "scale-deployment", true, scaleParams()), Trust.SIGNED, "s:2");

    assertThat(live.status()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(live.error().code()).isEqualTo(ExecutionError.POLICY_DENIED);
    assertThat(live.error().message()).contains("managed by Argo CD", "GITOPS_REPO_URL");
    assertThat(dry.status()).isEqualTo(ExecutionStatus.DRY_RUN);
    assertThat(dry.decision().reason()).contains("a live run would be refused", "GITOPS_REPO_URL");
    assertThat(forge.proposed).isEmpty();
    assertThat(replicas()).isEqualTo(2);
  }

  @Test
  void holdsAPullRequestToThePolicysAllowedRunbooksWhateverItsMode() {
    RemediationPolicy gitopsNarrow =
        new RemediationPolicy(
            NS,
            "web-gitops",
            Map.of("app", "web"),
            true,
            50,
            null,
            null,
            List.of("restart-crashlooping-pods"),
            RemediationPolicy.Mode.GITOPS,
            null);
    Forge forge = new Forge(GitOpsPort.Route.gitops("policy demo/web-gitops sets mode: gitops"));

    ExecutionReport r =
        engine(PolicySource.of(List.of(gitopsNarrow)), forge)
            .submit(
                Fixtures.request("g-5", "scale-deployment", false, scaleParams()),
                Trust.SIGNED,
                "s:1");

    assertThat(r.status()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(r.error().message()).contains("does not list scale-deployment in allowedRunbooks");
    assertThat(forge.proposed).isEmpty();
  }

  @Test
  void failsWithTheForgesReasonWhenNothingCanBeProposed() {
    Forge forge = new Forge(GitOpsPort.Route.gitops("REMEDIATION_MODE=gitops"));
    forge.refuse = true;

    ExecutionReport r =
        engine(PolicySource.NONE, forge)
            .submit(
                Fixtures.request("g-6", "scale-deployment", false, scaleParams()),
                Trust.SIGNED,
                "s:1");

    assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(r.error().message())
        .contains("no manifest in the repository declares", "nothing was changed");
    assertThat(audit.ids()).containsExactly("execution-g-6");
    document(r);
  }

  @Test
  void proposesAgainWhenTheRequestIsRedeliveredAfterTheProposalCouldNotBeQueued() {
    Forge forge = new Forge(GitOpsPort.Route.gitops("REMEDIATION_MODE=gitops"));
    forge.unreachable = 1;
    RemediationEngine engine = engine(PolicySource.NONE, forge);

    assertThatThrownBy(
            () ->
                engine.submit(
                    Fixtures.request("g-7", "scale-deployment", false, scaleParams()),
                    Trust.SIGNED,
                    "s:1"))
        .isInstanceOf(RetriableException.class);
    ExecutionReport redelivered =
        engine.submit(
            Fixtures.request("g-7", "scale-deployment", false, scaleParams()), Trust.SIGNED, "s:1");

    assertThat(redelivered.status()).isEqualTo(ExecutionStatus.PROPOSED);
    assertThat(forge.proposed).containsExactly("g-7:4");
    assertThat(audit.ids()).containsExactly("execution-g-7");
  }

  @Test
  void neverTurnsAPullRequestIntoALiveRunOnResumeEvenWhenTheRouteIsForgotten() {
    // given a live policy, a run routed to a pull request whose proposal could not be queued
    Forge forge = new Forge(GitOpsPort.Route.gitops("Deployment demo/web is managed by Argo CD"));
    forge.unreachable = 1;
    RemediationEngine engine = engine(PolicySource.of(List.of(Fixtures.livePolicy())), forge);
    assertThatThrownBy(
            () ->
                engine.submit(
                    Fixtures.request("g-8", "scale-deployment", false, scaleParams()),
                    Trust.SIGNED,
                    "s:8"))
        .isInstanceOf(RetriableException.class);

    // when the agent restarted and no longer knows Argo CD manages the workload
    forge.route = GitOpsPort.Route.LIVE;
    ExecutionReport redelivered =
        engine.submit(
            Fixtures.request("g-8", "scale-deployment", false, scaleParams()), Trust.SIGNED, "s:8");

    // then it is still a pull request, and the cluster is untouched
    assertThat(redelivered.status()).isEqualTo(ExecutionStatus.PROPOSED);
    assertThat(redelivered.pullRequest().url())
        .isEqualTo("https://github.com/acme/platform/pull/1");
    assertThat(forge.proposed).containsExactly("g-8:4");
    assertThat(replicas()).isEqualTo(2);
  }

  @Test
  void remediatesAnAlertAsAPullRequestOfItsIncidentWithoutALivePolicy() {
    Forge forge = new Forge(GitOpsPort.Route.gitops("REMEDIATION_MODE=gitops"));
    Alert alert =
        new Alert(
            "al-9",
            "c-9",
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
        new Recommendation("scale-deployment", "Scale", "saturated", "low", true, scaleParams());

    RemediationOutcome outcome =
        engine(PolicySource.NONE, forge)
            .remediate(
                alert,
                rec,
                new GitOpsPort.Incident("demo/web/RESOURCE_SATURATION", "web is saturated"));

    assertThat(outcome.mode()).isEqualTo(RemediationOutcome.Mode.GITOPS_PR);
    assertThat(outcome.mode().wire()).isEqualTo("gitops_pr");
    assertThat(outcome.status()).isEqualTo(ExecutionStatus.PROPOSED);
    assertThat(outcome.link()).isEqualTo("https://github.com/acme/platform/pull/1");
    assertThat(outcome.detail())
        .isEqualTo("pull request created: https://github.com/acme/platform/pull/1");
    assertThat(forge.incidents)
        .extracting(GitOpsPort.Incident::key)
        .containsExactly("demo/web/RESOURCE_SATURATION");
    assertThat(replicas()).isEqualTo(2);
  }
}

package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.PermanentException;
import io.autoagent.core.json.Json;
import io.autoagent.tools.argocd.ArgoCdState;
import io.autoagent.tools.gitops.FieldEdit;
import io.autoagent.tools.gitops.GitOpsChange;
import io.autoagent.tools.gitops.GitOpsOptions;
import io.autoagent.tools.gitops.GitOpsRemediator;
import io.autoagent.tools.remediation.ExecutionRequest;
import io.autoagent.tools.remediation.GitOpsPort;
import io.autoagent.tools.remediation.GitOpsPort.Route;
import io.autoagent.tools.remediation.policy.PolicyLimits;
import io.autoagent.tools.remediation.policy.RemediationPolicy;
import io.autoagent.tools.runbook.Runbook;
import io.autoagent.tools.runbook.RunbookLibrary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which live runs become pull requests, and what the pull request proposes. No forge is called. */
class GitOpsRouterTest {

  private static final ExecutionRequest.Target PAYMENTS =
      new ExecutionRequest.Target("shop", "payments", null, null);
  private static final GitOpsPort.Incident INCIDENT =
      new GitOpsPort.Incident("shop/payments/OOM_KILLED", "OOMKilled");
  private static final GitOpsOptions CONFIGURED =
      new GitOpsOptions(
          GitOpsOptions.Mode.LIVE,
          "https://github.com/acme/platform.git",
          "main",
          GitOpsOptions.Provider.GITHUB,
          "https://api.github.com",
          "ghp_x",
          "acme/platform",
          null,
          null,
          null,
          null,
          null,
          Path.of("target/gitops-router-test"),
          Duration.ofSeconds(5));
  private static RunbookLibrary library;
  private static GitOpsRemediator remediator;

  @BeforeAll
  static void load() {
    library = RunbookLibrary.fromDirectory(Path.of("../runbooks"));
    remediator = new GitOpsRemediator(CONFIGURED);
  }

  @AfterAll
  static void close() {
    remediator.close();
    library.close();
  }

  private static Runbook runbook(String id) {
    return library.find(id).orElseThrow();
  }

  private static GitOpsRouter router(GitOpsOptions options, AnalysisDocuments.ArgoCdStates argocd) {
    return new GitOpsRouter(
        options, new GitOpsProposals(remediator, null, Json.newMapper()), argocd, library::find);
  }

  private static GitOpsRouter router() {
    return router(CONFIGURED, AnalysisDocuments.ArgoCdStates.NONE);
  }

  private static GitOpsPort.Workload workload(
      Map<String, String> labels, Map<String, String> annotations) {
    return new GitOpsPort.Workload("Deployment", "payments", labels, annotations);
  }

  private static RemediationPolicy policy(RemediationPolicy.Mode mode) {
    return new RemediationPolicy(
        "shop",
        "payments",
        Map.of("app", "payments"),
        null,
        null,
        null,
        null,
        List.of(),
        mode,
        null);
  }

  @Test
  void sendsManifestChangesOfAWorkloadArgoCdTracksToAPullRequest() {
    GitOpsPort.Workload tracked =
        workload(
            Map.of("app", "payments"),
            Map.of("argocd.argoproj.io/tracking-id", "payments:apps/Deployment:shop/payments"));

    Route route =
        router()
            .route(
                PAYMENTS,
                tracked,
                policy(RemediationPolicy.Mode.LIVE),
                runbook("increase-memory-limit"));

    assertThat(route.kind()).isEqualTo(Route.Kind.GITOPS);
    assertThat(route.reason())
        .contains(
            "Deployment shop/payments is managed by Argo CD",
            "argocd.argoproj.io/tracking-id: payments:apps/Deployment:shop/payments");
  }

  @Test
  void takesTheApplicationTheArgoCdSourceFoundAsProofButNotTheHelmInstanceLabel() {
    GitOpsRouter withApplication =
        router(
            CONFIGURED,
            (ns, service) ->
                ns.equals("shop") && service.equals("payments")
                    ? Optional.of(
                        new ArgoCdState("payments-prod", "Synced", "Degraded", null, null, 4L, 3L))
                    : Optional.empty());
    GitOpsPort.Workload helmRelease =
        workload(Map.of("app.kubernetes.io/instance", "payments"), Map.of());

    Route argo = withApplication.route(PAYMENTS, helmRelease, null, runbook("scale-deployment"));
    Route helm =
        router()
            .route(
                PAYMENTS,
                helmRelease,
                policy(RemediationPolicy.Mode.LIVE),
                runbook("scale-deployment"));

    assertThat(argo.kind()).isEqualTo(Route.Kind.GITOPS);
    assertThat(argo.reason()).contains("application payments-prod");
    assertThat(helm).isEqualTo(Route.LIVE);
  }

  @Test
  void sendsEveryWorkloadToAPullRequestInGitopsModeAndAPolicysWorkloadsInItsGitopsMode() {
    GitOpsOptions global =
        new GitOpsOptions(
            GitOpsOptions.Mode.GITOPS,
            CONFIGURED.repoUrl(),
            "main",
            GitOpsOptions.Provider.GITHUB,
            CONFIGURED.apiUrl(),
            "ghp_x",
            "acme/platform",
            null,
            null,
            null,
            null,
            null,
            CONFIGURED.workDir(),
            Duration.ofSeconds(5));

    Route everywhere =
        router(global, AnalysisDocuments.ArgoCdStates.NONE)
            .route(PAYMENTS, null, null, runbook("scale-deployment"));
    Route byPolicy =
        router()
            .route(
                PAYMENTS,
                workload(Map.of("app", "payments"), Map.of()),
                policy(RemediationPolicy.Mode.GITOPS),
                runbook("scale-deployment"));
    Route livePolicy =
        router()
            .route(
                PAYMENTS,
                workload(Map.of("app", "payments"), Map.of()),
                policy(RemediationPolicy.Mode.LIVE),
                runbook("scale-deployment"));

    assertThat(everywhere).isEqualTo(Route.gitops("REMEDIATION_MODE=gitops"));
    assertThat(byPolicy).isEqualTo(Route.gitops("policy shop/payments sets mode: gitops"));
    assertThat(livePolicy).isEqualTo(Route.LIVE);
  }

  @Test
  void keepsRunbooksThatChangeNothingAManifestDeclaresLive() {
    GitOpsPort.Workload tracked =
        workload(
            Map.of(),
            Map.of("argocd.argoproj.io/tracking-id", "payments:apps/Deployment:shop/payments"));

    assertThat(router().route(PAYMENTS, tracked, null, runbook("restart-crashlooping-pods")))
        .isEqualTo(Route.LIVE);
    assertThat(router().route(PAYMENTS, tracked, null, runbook("sync-argocd-application")))
        .isEqualTo(Route.LIVE);
  }

  @Test
  void refusesAnArgoCdWorkloadsManifestChangeWhenGitOpsIsNotConfiguredAndSaysWhatToSet() {
    GitOpsPort.Workload tracked =
        workload(
            Map.of(),
            Map.of("argocd.argoproj.io/tracking-id", "payments:apps/Deployment:shop/payments"));

    Route route =
        router(GitOpsOptions.live(), AnalysisDocuments.ArgoCdStates.NONE)
            .route(
                PAYMENTS,
                tracked,
                policy(RemediationPolicy.Mode.LIVE),
                runbook("increase-memory-limit"));

    assertThat(route.kind()).isEqualTo(Route.Kind.REFUSED);
    assertThat(route.reason())
        .contains(
            "managed by Argo CD",
            "GitOps is not configured",
            "GITOPS_REPO_URL and GITHUB_TOKEN (or GITLAB_TOKEN)",
            "nothing was changed");
  }

  @Test
  void refusesARollbackThatNoManifestEditExpresses() {
    Route route =
        router()
            .route(
                PAYMENTS,
                workload(Map.of(), Map.of()),
                policy(RemediationPolicy.Mode.GITOPS),
                runbook("rollback-deployment"));

    assertThat(route.kind()).isEqualTo(Route.Kind.REFUSED);
    assertThat(route.reason())
        .contains("rollback_deployment", "revert the change in git", "sync-argocd-application");
  }

  @Test
  void proposesTheMemoryRaiseCappedByThePolicysBumpPercent() {
    Map<String, Object> params =
        Map.of(
            "namespace",
            "shop",
            "deployment",
            "payments",
            "workload_kind",
            "Deployment",
            "container",
            "app",
            "current_memory_limit",
            "512Mi",
            "memory_ceiling",
            "4Gi",
            "new_memory_limit",
            "768Mi");

    GitOpsChange uncapped =
        GitOpsProposals.change(
            "shop",
            "payments",
            runbook("increase-memory-limit"),
            params,
            PolicyLimits.NONE,
            INCIDENT,
            "x-1");
    GitOpsChange capped =
        GitOpsProposals.change(
            "shop",
            "payments",
            runbook("increase-memory-limit"),
            params,
            new PolicyLimits(null, null, 20),
            INCIDENT,
            "x-1");

    assertThat(uncapped.edits()).containsExactly(new FieldEdit.MemoryLimit("app", "768Mi"));
    assertThat(capped.edits()).containsExactly(new FieldEdit.MemoryLimit("app", "614Mi"));
    assertThat(capped.workload()).isEqualTo("payments");
    assertThat(capped.kind()).isEqualTo("Deployment");
    assertThat(capped.incidentKey()).isEqualTo("shop/payments/OOM_KILLED");
  }

  @Test
  void refusesReplicasOutsideTheStepsAndThePolicysBounds() {
    Map<String, Object> params =
        Map.of(
            "namespace",
            "shop",
            "deployment",
            "payments",
            "current_replicas",
            2,
            "target_replicas",
            8,
            "max_replicas",
            10);

    GitOpsChange within =
        GitOpsProposals.change(
            "shop",
            "payments",
            runbook("scale-deployment"),
            params,
            new PolicyLimits(1, 8, null),
            INCIDENT,
            "x-2");

    assertThat(within.edits()).containsExactly(new FieldEdit.Replicas(8));
    assertThatThrownBy(
            () ->
                GitOpsProposals.change(
                    "shop",
                    "payments",
                    runbook("scale-deployment"),
                    params,
                    new PolicyLimits(1, 5, null),
                    INCIDENT,
                    "x-2"))
        .isInstanceOf(PermanentException.class)
        .hasMessageContaining("8 replicas is outside the allowed 1..5");
  }
}

package io.autoagent.infra;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.app;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.crashLooping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.tools.remediation.policy.InformerPolicySource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Runbook execution wired into the agent: the alert path with {@code mode: remediate}, and
 * execution requests sent with the CLI. No AutoRemediationPolicy covers checkout, so nothing may
 * change it; GitOps is not configured, so the Argo CD-tracked inventory, although a live policy
 * covers it, is not patched live either.
 */
@EnableKubernetesMockClient(crud = true)
class RemediationWiringIT {

  static KubernetesClient client;
  private static AgentFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    app(client, "shop", "checkout", 1).addPod("crash", crashLooping(9, 1, "Error"));
    app(client, "shop", "inventory", 1).addPod("oom", crashLooping(4, 137, "OOMKilled"));
    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("inventory")
        .edit(
            d -> {
              d.getMetadata()
                  .getAnnotations()
                  .put(
                      "argocd.argoproj.io/tracking-id", "inventory:apps/Deployment:shop/inventory");
              return d;
            });
    client
        .genericKubernetesResources(InformerPolicySource.CONTEXT)
        .inNamespace("shop")
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("autoagent.io/v1alpha1")
                .withKind("AutoRemediationPolicy")
                .withNewMetadata()
                .withName("inventory-live")
                .withNamespace("shop")
                .endMetadata()
                .addToAdditionalProperties(
                    "spec",
                    Map.of(
                        "targetSelector",
                        Map.of("matchLabels", Map.of("app", "inventory")),
                        "mode",
                        "live"))
                .build())
        .create();
    fixture = new AgentFixture();
    var env = fixture.env();
    InfraConfig config = InfraConfig.fromEnv(env);
    fixture.startAgent(env, client, List.of(InfrastructureAgent.kubernetes(client, config)));
    await().atMost(Duration.ofSeconds(10)).until(fixture.agent()::policiesSynced);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new String[] {Integer.toString(exit), out.toString(), err.toString()};
  }

  @Test
  void aRemediateAlertRunsTheBestRunbookAsADryRunWithoutAPolicy() throws Exception {
    int podsBefore = client.pods().inNamespace("shop").list().getItems().size();

    fixture.publishAlert(
        "rem-1",
        "{\"service\": \"checkout\", \"namespace\": \"shop\", \"severity\": \"critical\", \"mode\": \"remediate\"}");
    JsonNode analysis = fixture.awaitAnalysis("rem-1");

    assertThat(analysis.path("root_cause").path("category").asText()).isEqualTo("CRASH_LOOP");
    assertThat(analysis.path("remediation").path("mode").asText()).isEqualTo("dry_run");
    assertThat(analysis.path("remediation").path("execution_id").asText())
        .startsWith("alert-rem-1-");
    assertThat(client.pods().inNamespace("shop").list().getItems()).hasSize(podsBefore);
    fixture.assertEverythingPublishedIsValid();
  }

  @Test
  void neverPatchesAnArgoCdTrackedWorkloadLiveWhenGitOpsIsNotConfigured() throws Exception {
    fixture.publishAlert(
        "rem-argo",
        "{\"service\": \"inventory\", \"namespace\": \"shop\", \"severity\": \"critical\", \"mode\": \"remediate\"}");
    JsonNode analysis = fixture.awaitAnalysis("rem-argo");

    assertThat(analysis.path("root_cause").path("category").asText()).isEqualTo("OOM_KILLED");
    assertThat(analysis.path("remediation").path("mode").asText()).isEqualTo("denied");
    assertThat(analysis.path("remediation").path("detail").asText())
        .contains(
            "Deployment shop/inventory is managed by Argo CD", "GitOps is not configured",
            "GITOPS_REPO_URL and GITHUB_TOKEN (or GITLAB_TOKEN)", "nothing was changed");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("inventory")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getResources()
                .getLimits()
                .get("memory")
                .toString())
        .isEqualTo("512Mi");
    fixture.assertEverythingPublishedIsValid();
  }

  @Test
  void executeFollowsADryRunToItsResult() {
    String[] run =
        run(
            "execute",
            "--nats-url",
            fixture.server.url(),
            "--runbook",
            "restart-crashlooping-pods",
            "--namespace",
            "shop",
            "--service",
            "checkout",
            "--execution-id",
            "cli-dry-1");

    assertThat(run[0]).as(run[1] + run[2]).isEqualTo("0");
    assertThat(run[2]).as("progress on stderr").contains("execution cli-dry-1");
    assertThat(run[1])
        .contains("[dry_run]", "would restart Deployment shop/checkout")
        .doesNotContain("started");
  }

  @Test
  void executeRefusesALiveRunThatIsNotSigned() {
    String[] run =
        run(
            "execute",
            "--nats-url",
            fixture.server.url(),
            "--runbook",
            "restart-crashlooping-pods",
            "--namespace",
            "shop",
            "--service",
            "checkout",
            "--live",
            "--execution-id",
            "cli-live-1");

    assertThat(run[0]).as(run[1] + run[2]).isEqualTo("3");
    assertThat(run[1]).contains("[rejected]", "SIGNATURE_INVALID");
  }
}

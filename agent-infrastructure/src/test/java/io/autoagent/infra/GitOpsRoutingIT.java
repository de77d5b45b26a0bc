package io.autoagent.infra;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.app;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.crashLooping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.testing.Schemas;
import io.autoagent.tools.gitops.GitOpsRemediator;
import io.autoagent.tools.remediation.policy.InformerPolicySource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * GitOps chosen per workload, with {@code REMEDIATION_MODE} left {@code live} and GitOps
 * configured: a workload whose AutoRemediationPolicy is in {@code gitops} mode, and one Argo CD
 * tracks (under a {@code live} policy), get pull requests on a real bare repository and a
 * MockWebServer playing GitHub, for alerts and for {@code runbook.execute} requests alike; the
 * cluster (fabric8 mock, CRUD) is never patched.
 */
@EnableKubernetesMockClient(crud = true)
class GitOpsRoutingIT {

  static KubernetesClient client;
  @TempDir static Path dir;
  private static MockWebServer github;
  private static AgentFixture fixture;
  private static final List<String> calls = new CopyOnWriteArrayList<>();
  private static final AtomicInteger pulls = new AtomicInteger();

  private static String manifest(String name) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
          namespace: shop
        spec:
          replicas: 1
          template:
            spec:
              containers:
                - name: app
                  image: registry.example.com/%s:v2
                  resources:
                    limits:
                      memory: 512Mi
        """
        .formatted(name, name);
  }

  private static void policy(String name, String app, String mode) {
    client
        .genericKubernetesResources(InformerPolicySource.CONTEXT)
        .inNamespace("shop")
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("autoagent.io/v1alpha1")
                .withKind("AutoRemediationPolicy")
                .withNewMetadata()
                .withName(name)
                .withNamespace("shop")
                .endMetadata()
                .addToAdditionalProperties(
                    "spec",
                    Map.of(
                        "targetSelector", Map.of("matchLabels", Map.of("app", app)),
                        "mode", mode,
                        "actions",
                            Map.of(
                                "bumpMemoryPercent",
                                20,
                                "scale",
                                Map.of("enabled", true, "maxReplicas", 5))))
                .build())
        .create();
  }

  @BeforeAll
  static void start() throws Exception {
    Path bare = dir.resolve("platform.git");
    SeededRemote.create(
            bare,
            Map.of(
                "apps/payments.yaml", manifest("payments"), "apps/orders.yaml", manifest("orders")))
        .close();
    app(client, "shop", "payments", 1).addPod("oom", crashLooping(4, 137, "OOMKilled"));
    app(client, "shop", "orders", 1).addPod("oom", crashLooping(4, 137, "OOMKilled"));
    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("orders")
        .edit(
            d -> {
              d.getMetadata()
                  .getAnnotations()
                  .put("argocd.argoproj.io/tracking-id", "orders:apps/Deployment:shop/orders");
              return d;
            });
    policy("payments-gitops", "payments", "gitops");
    policy("orders-live", "orders", "live");
    github = new MockWebServer();
    github.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            calls.add(
                request.getMethod()
                    + " "
                    + request.getTarget()
                    + " "
                    + (request.getBody() == null ? "" : request.getBody().utf8()));
            if ("GET".equals(request.getMethod())) {
              return new MockResponse.Builder().code(200).body("[]").build();
            }
            int n = pulls.incrementAndGet();
            return new MockResponse.Builder()
                .code(201)
                .body(
                    "{\"number\": "
                        + n
                        + ", \"html_url\": \"https://github.com/acme/platform/pull/"
                        + n
                        + "\"}")
                .build();
          }
        });
    github.start();
    fixture = new AgentFixture();
    Map<String, String> env = fixture.env();
    env.put("GITOPS_REPO_URL", bare.toUri().toString());
    env.put("GITOPS_PROVIDER", "github");
    env.put("GITHUB_REPOSITORY", "acme/platform");
    env.put("GITHUB_TOKEN", "ghp-test-token");
    env.put("GITHUB_API_URL", github.url("/").toString());
    env.put("GITOPS_WORK_DIR", dir.resolve("work").toString());
    env.put("ALLOW_UNSIGNED_EXECUTION", "true");
    fixture.startAgent(
        env, client, List.of(InfrastructureAgent.kubernetes(client, InfraConfig.fromEnv(env))));
    await().atMost(Duration.ofSeconds(10)).until(fixture.agent()::policiesSynced);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
    github.close();
  }

  /** The file on the incident's branch of the remote. */
  private static String onBranch(String incidentKey, String path) throws Exception {
    try (Repository repo = Git.open(dir.resolve("platform.git").toFile()).getRepository();
        RevWalk walk = new RevWalk(repo)) {
      ObjectId head = repo.resolve("refs/heads/" + GitOpsRemediator.branchName(incidentKey));
      assertThat(head).as("branch of " + incidentKey).isNotNull();
      try (TreeWalk tree = TreeWalk.forPath(repo, path, walk.parseCommit(head).getTree())) {
        return new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  private static String memoryLimit(String name) {
    Deployment d = client.apps().deployments().inNamespace("shop").withName(name).get();
    return d.getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .getFirst()
        .getResources()
        .getLimits()
        .get("memory")
        .toString();
  }

  private static JsonNode result(String executionId) {
    JsonNode[] found = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              found[0] =
                  fixture.data(Contract.SUBJECT_RUNBOOK_RESULT).stream()
                      .filter(m -> m.path("execution_id").asText().equals(executionId))
                      .filter(m -> m.path("type").asText().equals("runbook_execution_result"))
                      .findFirst()
                      .orElse(null);
              return found[0] != null;
            });
    Schemas.assertValid(ContractSchemas.RUNBOOK_RESULT, found[0].toString());
    return found[0];
  }

  private static String[] cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new String[] {Integer.toString(exit), out.toString(), err.toString()};
  }

  @Test
  void aGitopsPolicyTurnsTheMemoryRaiseIntoAPullRequestWithinItsBumpPercent() throws Exception {
    fixture.publishAlert(
        "gr-1",
        "{\"service\": \"payments\", \"namespace\": \"shop\", \"severity\": \"high\", \"mode\": \"remediate\"}");

    JsonNode analysis = fixture.awaitAnalysis("gr-1");

    assertThat(analysis.path("remediation").path("mode").asText()).isEqualTo("gitops_pr");
    assertThat(analysis.path("remediation").path("execution_id").asText())
        .isEqualTo("alert-gr-1-increase-memory-limit");
    assertThat(analysis.path("remediation").path("detail").asText())
        .startsWith("pull request created: https://github.com/acme/platform/pull/");
    // 512Mi + the policy's 20 %, not the runbook's 50 %
    assertThat(onBranch("shop/payments/OOM_KILLED", "apps/payments.yaml"))
        .contains("memory: 614Mi");
    assertThat(calls)
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith("POST /repos/acme/platform/pulls")
                    .contains("increase-memory-limit"));
    JsonNode result = result("alert-gr-1-increase-memory-limit");
    assertThat(result.path("status").asText()).isEqualTo("proposed");
    assertThat(result.path("decision").path("reason").asText())
        .contains("policy shop/payments-gitops sets mode: gitops");
    assertThat(result.path("pull_request").path("url").asText())
        .startsWith("https://github.com/acme/platform/pull/");
    assertThat(memoryLimit("payments")).isEqualTo("512Mi");
    fixture.assertEverythingPublishedIsValid();
  }

  @Test
  void anArgoCdTrackedWorkloadGetsAPullRequestEvenUnderALivePolicy() throws Exception {
    fixture.publishAlert(
        "gr-2",
        "{\"service\": \"orders\", \"namespace\": \"shop\", \"severity\": \"high\", \"mode\": \"remediate\"}");

    JsonNode analysis = fixture.awaitAnalysis("gr-2");

    assertThat(analysis.path("remediation").path("mode").asText()).isEqualTo("gitops_pr");
    assertThat(onBranch("shop/orders/OOM_KILLED", "apps/orders.yaml")).contains("memory: 614Mi");
    JsonNode result = result("alert-gr-2-increase-memory-limit");
    assertThat(result.path("decision").path("reason").asText())
        .contains(
            "is managed by Argo CD",
            "argocd.argoproj.io/tracking-id: orders:apps/Deployment:shop/orders");
    assertThat(memoryLimit("orders")).as("never patched live").isEqualTo("512Mi");
  }

  @Test
  void aLiveRunbookRequestBecomesAPullRequestAndItsApprovalPointsAtIt() throws Exception {
    String[] run =
        cli(
            "execute",
            "--nats-url",
            fixture.server.url(),
            "--runbook",
            "scale-deployment",
            "--namespace",
            "shop",
            "--service",
            "payments",
            "--param",
            "current_replicas=1",
            "--param",
            "target_replicas=2",
            "--param",
            "max_replicas=5",
            "--live",
            "--execution-id",
            "gr-exec-1");

    assertThat(run[0]).as(run[1] + run[2]).isEqualTo("0");
    assertThat(run[1])
        .contains("[proposed]", "pull request created: https://github.com/acme/platform/pull/");
    JsonNode result = result("gr-exec-1");
    assertThat(result.path("dry_run").asBoolean()).isFalse();
    assertThat(result.path("pull_request").path("changes").get(0).asText())
        .isEqualTo("set replicas to 2");
    assertThat(onBranch("shop/payments/scale-deployment", "apps/payments.yaml"))
        .contains("replicas: 2");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("payments")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(1);

    String[] approval =
        cli(
            "execute",
            "--nats-url",
            fixture.server.url(),
            "--runbook",
            "scale-deployment",
            "--namespace",
            "shop",
            "--service",
            "payments",
            "--param",
            "current_replicas=1",
            "--param",
            "target_replicas=2",
            "--param",
            "max_replicas=5",
            "--live",
            "--execution-id",
            "gr-exec-1",
            "--approved-by",
            "dana");

    assertThat(approval[0]).as(approval[1] + approval[2]).isEqualTo("3");
    assertThat(approval[1]).contains("[rejected]", "merging the pull request");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("payments")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(1);
  }
}

package io.autoagent.infra;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.app;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.crashLooping;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code REMEDIATION_MODE=gitops} end to end: a remediate alert becomes a commit on the incident's
 * branch of a real (local bare) repository and a pull request on a MockWebServer playing GitHub.
 */
@EnableKubernetesMockClient(crud = true)
class GitOpsIT {

  static KubernetesClient client;
  @TempDir static Path dir;
  private static MockWebServer github;
  private static AgentFixture fixture;
  private static final List<String> calls = new CopyOnWriteArrayList<>();

  private static final String MANIFEST =
      """
      # payments: owned by the team that gets paged
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: payments
        namespace: shop
      spec:
        replicas: 1
        template:
          spec:
            containers:
              - name: app
                image: registry.example.com/payments:v2
                resources:
                  requests: {cpu: 100m, memory: 256Mi}
                  limits:
                    cpu: 500m
                    memory: 512Mi   # raised by hand in March
      """;

  @BeforeAll
  static void start() throws Exception {
    Path bare = dir.resolve("platform.git");
    SeededRemote.create(bare, Map.of("apps/payments/deployment.yaml", MANIFEST)).close();
    app(client, "shop", "payments", 1).addPod("oom", crashLooping(4, 137, "OOMKilled"));
    github = new MockWebServer();
    github.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            // a GET has no body (null in mockwebserver3)
            calls.add(
                request.getMethod()
                    + " "
                    + request.getTarget()
                    + " "
                    + (request.getBody() == null ? "" : request.getBody().utf8()));
            if ("GET".equals(request.getMethod())) {
              return new MockResponse.Builder().code(200).body("[]").build();
            }
            return new MockResponse.Builder()
                .code(201)
                .body(
                    "{\"number\": 7, \"html_url\": \"https://github.com/acme/platform/pull/7\", \"state\": \"open\"}")
                .build();
          }
        });
    github.start();
    fixture = new AgentFixture();
    Map<String, String> env = fixture.env();
    env.put("REMEDIATION_MODE", "gitops");
    env.put("GITOPS_REPO_URL", bare.toUri().toString());
    env.put("GITOPS_PROVIDER", "github");
    env.put("GITHUB_REPOSITORY", "acme/platform");
    env.put("GITHUB_TOKEN", "ghp-test-token");
    env.put("GITHUB_API_URL", github.url("/").toString());
    env.put("GITOPS_WORK_DIR", dir.resolve("work").toString());
    fixture.startAgent(
        env, List.of(InfrastructureAgent.kubernetes(client, InfraConfig.fromEnv(env))));
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
    github.close();
  }

  @Test
  void proposesTheRaisedMemoryLimitAsAPullRequestInsteadOfPatchingTheCluster() throws Exception {
    fixture.publishAlert(
        "gitops-1",
        "{\"service\": \"payments\", \"namespace\": \"shop\", \"severity\": \"critical\", \"mode\": \"remediate\"}");

    JsonNode analysis = fixture.awaitAnalysis("gitops-1");

    assertThat(analysis.path("root_cause").path("category").asText()).isEqualTo("OOM_KILLED");
    assertThat(analysis.path("remediation").path("mode").asText()).isEqualTo("gitops_pr");
    assertThat(analysis.path("remediation").path("detail").asText())
        .contains("https://github.com/acme/platform/pull/7");
    assertThat(calls)
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith("POST /repos/acme/platform/pulls")
                    .contains("increase-memory-limit"));
    try (Git remote = Git.open(dir.resolve("platform.git").toFile())) {
      List<Ref> branches = remote.branchList().call();
      assertThat(branches)
          .extracting(Ref::getName)
          .anySatisfy(n -> assertThat(n).startsWith("refs/heads/autoagent/"));
    }
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("payments")
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
  }
}

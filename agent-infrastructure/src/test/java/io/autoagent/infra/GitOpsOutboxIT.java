package io.autoagent.infra;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.app;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.crashLooping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.core.messaging.Contract;
import io.autoagent.tools.escalation.Outbox;
import io.autoagent.tools.gitops.GitOpsRemediator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull request GitHub cannot take (503) is queued in the JetStream outbox, survives a restart of
 * the agent, and is opened exactly once when GitHub answers again; the branch is pushed once.
 */
@EnableKubernetesMockClient(crud = true)
class GitOpsOutboxIT {

  static KubernetesClient client;
  @TempDir static Path dir;
  private static MockWebServer github;
  private static AgentFixture fixture;
  private static final AtomicBoolean down = new AtomicBoolean(true);
  private static final AtomicInteger refused = new AtomicInteger();
  private static final AtomicInteger opened = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    Path bare = dir.resolve("platform.git");
    try (Git remote =
        SeededRemote.create(
            bare,
            Map.of(
                "apps/payments.yaml",
                """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: payments
          namespace: shop
        spec:
          template:
            spec:
              containers:
                - name: app
                  resources:
                    limits:
                      memory: 512Mi
        """))) {
      // a bare repository keeps no reflog by default; with one, every push to a branch leaves an
      // entry
      StoredConfig config = remote.getRepository().getConfig();
      config.setBoolean("core", null, "logAllRefUpdates", true);
      config.save();
    }
    app(client, "shop", "payments", 1).addPod("oom", crashLooping(4, 137, "OOMKilled"));
    github = new MockWebServer();
    github.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (down.get()) {
              refused.incrementAndGet();
              return new MockResponse.Builder()
                  .code(503)
                  .body("{\"message\": \"Service Unavailable\"}")
                  .build();
            }
            if ("GET".equals(request.getMethod())) {
              return new MockResponse.Builder().code(200).body("[]").build();
            }
            opened.incrementAndGet();
            return new MockResponse.Builder()
                .code(201)
                .body("{\"number\": 9, \"html_url\": \"https://github.com/acme/platform/pull/9\"}")
                .build();
          }
        });
    github.start();
    fixture = new AgentFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
    github.close();
  }

  private static Map<String, String> env() {
    Map<String, String> env = fixture.env();
    env.put("REMEDIATION_MODE", "gitops");
    env.put("GITOPS_REPO_URL", dir.resolve("platform.git").toUri().toString());
    env.put("GITOPS_PROVIDER", "github");
    env.put("GITHUB_REPOSITORY", "acme/platform");
    env.put("GITHUB_TOKEN", "ghp-test-token");
    env.put("GITHUB_API_URL", github.url("/").toString());
    env.put("GITOPS_WORK_DIR", dir.resolve("work").toString());
    return env;
  }

  private static InfrastructureAgent startAgent() throws Exception {
    Map<String, String> env = env();
    // each agent gets its own client of the mock API: closing an agent closes its client
    KubernetesClient own =
        new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
    return fixture.startAgent(
        env, List.of(InfrastructureAgent.kubernetes(own, InfraConfig.fromEnv(env))));
  }

  private static long queued() throws Exception {
    return fixture
        .client
        .jetStreamManagement()
        .getStreamInfo(Outbox.PULL_REQUESTS.stream())
        .getStreamState()
        .getMsgCount();
  }

  @Test
  void opensAQueuedPullRequestOnceAfterGitHubRecoversAndTheAgentRestarts() throws Exception {
    // given GitHub answers 503: the analysis says the pull request is queued
    InfrastructureAgent first = startAgent();
    fixture.publishAlert(
        "queued-1",
        "{\"service\": \"payments\", \"namespace\": \"shop\", \"severity\": \"critical\", \"mode\": \"remediate\"}");
    JsonNode analysis = fixture.awaitAnalysis("queued-1");
    assertThat(analysis.path("remediation").path("mode").asText()).isEqualTo("gitops_pr");
    assertThat(analysis.path("remediation").path("detail").asText())
        .startsWith("pull request queued")
        .contains("answered 503");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> refused.get() >= 2); // the outbox tried again, in vain
    assertThat(queued()).isEqualTo(1);

    // when the agent restarts and GitHub recovers
    first.close();
    down.set(false);
    startAgent();

    // then exactly one pull request, announced with its URL, and nothing left in the outbox
    JsonNode[] event = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(40))
        .until(
            () -> {
              event[0] =
                  fixture.data(Contract.SUBJECT_EVENTS_PREFIX).stream()
                      .filter(
                          e ->
                              e.path("event_type")
                                  .asText()
                                  .equals(PullRequestDelivery.EVENT_OPENED))
                      .findFirst()
                      .orElse(null);
              return event[0] != null && queued() == 0;
            });
    assertThat(opened.get()).isEqualTo(1);
    assertThat(event[0].path("context").path("url").asText())
        .isEqualTo("https://github.com/acme/platform/pull/9");
    assertThat(event[0].path("context").path("execution_id").asText())
        .isEqualTo("alert-queued-1-increase-memory-limit");
    String branch = GitOpsRemediator.branchName("shop/payments/OOM_KILLED");
    try (Git remote = Git.open(dir.resolve("platform.git").toFile())) {
      assertThat(remote.reflog().setRef("refs/heads/" + branch).call())
          .as("pushed once")
          .hasSize(1);
      Iterable<RevCommit> ahead =
          remote
              .log()
              .add(remote.getRepository().resolve("refs/heads/" + branch))
              .not(remote.getRepository().resolve("refs/heads/main"))
              .call();
      assertThat(ahead).as("one commit on top of main").hasSize(1);
    }
    fixture.assertEverythingPublishedIsValid();
  }
}

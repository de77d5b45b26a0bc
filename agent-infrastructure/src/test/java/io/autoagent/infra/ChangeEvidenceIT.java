package io.autoagent.infra;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.app;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.crashLooping;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Change evidence end to end: a real git repository, the mock cluster, alerts over NATS. */
@EnableKubernetesMockClient(crud = true)
class ChangeEvidenceIT {

  static KubernetesClient client;
  @TempDir static Path repo;
  private static AgentFixture fixture;
  private static RevCommit badChange;

  private static final String MANIFEST =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: checkout
        namespace: shop
        labels: {app: checkout}
      spec:
        replicas: 1
        selector: {matchLabels: {app: checkout}}
        template:
          metadata: {labels: {app: checkout}}
          spec:
            containers:
              - name: app
                image: registry.example.com/checkout:%s
                resources:
                  requests: {cpu: 100m, memory: 256Mi}
                  limits: {cpu: 500m, memory: 512Mi}
                readinessProbe: {httpGet: {path: /ready, port: 8080}}
      """;

  @BeforeAll
  static void start() throws Exception {
    // given: v1 deployed yesterday, v2 (the bad one) ten minutes ago, then a README-only commit
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      commit(
          git,
          "apps/checkout/deployment.yaml",
          MANIFEST.formatted("v1"),
          "Deploy checkout v1",
          Instant.now().minus(1, ChronoUnit.DAYS));
      badChange =
          commit(
              git,
              "apps/checkout/deployment.yaml",
              MANIFEST.formatted("v2"),
              "Bump checkout to v2",
              Instant.now().minus(10, ChronoUnit.MINUTES));
      commit(git, "README.md", "# platform\n", "Docs", Instant.now().minus(5, ChronoUnit.MINUTES));
    }
    app(client, "shop", "checkout", 1).addPod("crash", crashLooping(6, 1, "Error"));
    fixture = new AgentFixture();
    Map<String, String> env = fixture.env();
    env.put("GIT_REPO_PATH", repo.toString());
    InfraConfig config = InfraConfig.fromEnv(env);
    fixture.startAgent(
        env,
        List.of(
            InfrastructureAgent.kubernetes(client, config),
            InfrastructureAgent.git(config, io.autoagent.tools.drift.LiveCluster.NONE),
            InfrastructureAgent.argocd(config)));
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  private static RevCommit commit(
      Git git, String file, String content, String message, Instant when) throws Exception {
    Path path = repo.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
    git.add().addFilepattern(file).call();
    PersonIdent who =
        new PersonIdent(
            new PersonIdent("Dana Dev", "dana@example.com"),
            java.util.Date.from(when),
            TimeZone.getTimeZone(ZoneOffset.UTC));
    return git.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
  }

  @Test
  void blamesTheImageChangeThatPrecededTheCrashLoopAndIgnoresTheReadmeCommit() throws Exception {
    fixture.publishAlert(
        "chg-1",
        "{\"service\": \"checkout\", \"namespace\": \"shop\", \"severity\": \"critical\", \"started_at\": \""
            + Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS)
            + "\"}");

    JsonNode analysis = fixture.awaitAnalysis("chg-1");

    assertThat(analysis.path("sources").path("git").asText()).isEqualTo("ok");
    assertThat(analysis.path("sources").path("argocd").asText()).isEqualTo("skipped");
    assertThat(analysis.path("root_cause").path("category").asText()).isEqualTo("BAD_CHANGE");
    assertThat(analysis.path("root_cause").path("summary").asText())
        .contains(badChange.getName().substring(0, 7));
    assertThat(analysis.path("changes").findValuesAsText("summary"))
        .anySatisfy(
            s ->
                assertThat(s)
                    .contains(
                        "image app: registry.example.com/checkout:v1 -> registry.example.com/checkout:v2"));
    assertThat(analysis.path("findings").findValuesAsText("category"))
        .contains("CRASH_LOOP", "BAD_CHANGE");
    assertThat(analysis.path("recommendations").get(0).path("runbook_id").asText())
        .isEqualTo("rollback-deployment");
    fixture.assertEverythingPublishedIsValid();
  }
}

package io.autoagent.infra;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.app;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.crashLooping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent with Kubernetes evidence, end to end: alerts over NATS, a cluster in the fabric8 mock
 * API server (CRUD mode), the shipped runbook library.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesAnalysisIT {

  static KubernetesClient client;
  private static AgentFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    // given: a crash-looping checkout next to a healthy cart in one namespace
    app(client, "shop", "checkout", 1).addPod("crash", crashLooping(9, 1, "Error"));
    app(client, "shop", "cart", 2);
    fixture = new AgentFixture();
    fixture.startAgent(client);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  void findsTheCrashLoopAndRecommendsARunbookWithItsParameters() throws Exception {
    fixture.publishAlert(
        "k-1", "{\"service\": \"checkout\", \"namespace\": \"shop\", \"severity\": \"critical\"}");

    JsonNode analysis = fixture.awaitAnalysis("k-1");

    assertThat(analysis.path("status").asText()).isEqualTo("completed");
    assertThat(analysis.path("sources").path("kubernetes").asText()).isEqualTo("ok");
    assertThat(analysis.path("root_cause").path("category").asText()).isEqualTo("CRASH_LOOP");
    // contract 1.1: the workload the alert resolved to
    assertThat(analysis.path("workload").path("kind").asText()).isEqualTo("Deployment");
    assertThat(analysis.path("workload").path("name").asText()).isEqualTo("checkout");
    assertThat(analysis.path("findings").findValuesAsText("resource"))
        .contains("Pod/shop/checkout-7d9c5b-crash");
    JsonNode first = analysis.path("recommendations").get(0);
    assertThat(first.path("runbook_id").asText()).isEqualTo("restart-crashlooping-pods");
    assertThat(first.path("parameters").path("namespace").asText()).isEqualTo("shop");
    // the deployment's state is published after the analysis
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !fixture.data("deployments.checkout").isEmpty());
    List<JsonNode> state = fixture.data("deployments.checkout");
    assertThat(state)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.path("replicas").path("desired").asInt()).isEqualTo(1);
              assertThat(d.path("images").get(0).path("container").asText()).isEqualTo("app");
              assertThat(d.path("images").get(0).path("image").asText())
                  .isEqualTo("registry.example.com/checkout:v2");
              assertThat(d.path("revision").asText()).isEqualTo("2");
            });
    fixture.assertEverythingPublishedIsValid();
  }

  @Test
  void answersHealthyForAHealthyServiceBesideABrokenOne() throws Exception {
    fixture.publishAlert("k-2", "{\"service\": \"cart\", \"namespace\": \"shop\"}");

    JsonNode analysis = fixture.awaitAnalysis("k-2");

    assertThat(analysis.path("root_cause").path("category").asText()).isEqualTo("HEALTHY");
    assertThat(analysis.path("recommendations").get(0).path("runbook_id").asText())
        .isEqualTo("investigate-manually");
  }

  @Test
  void failsWithNotFoundForAServiceThatDoesNotExist() throws Exception {
    fixture.publishAlert("k-3", "{\"service\": \"ghost\", \"namespace\": \"shop\"}");

    JsonNode analysis = fixture.awaitAnalysis("k-3");

    assertThat(analysis.path("status").asText()).isEqualTo("failed");
    assertThat(analysis.path("error").path("code").asText()).isEqualTo("NOT_FOUND");
    assertThat(analysis.path("error").path("message").asText()).contains("ghost");
  }
}

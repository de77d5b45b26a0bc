package io.autoagent.infra;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.app;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.crashLooping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.tools.kube.sandbox.ClusterObjects.App;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ANALYSIS_REUSE_MS} end to end: a repeated alert is answered from the first analysis, under
 * its own id, and a change in the namespace's cached objects ends the reuse at once, well before
 * the window (the longest allowed, ten seconds) passes.
 */
@EnableKubernetesMockClient(crud = true)
class AnalysisReuseIT {

  static KubernetesClient client;
  private static AgentFixture fixture;
  private static final AtomicInteger ids = new AtomicInteger();
  private static final String BODY = "{\"service\": \"inventory\", \"namespace\": \"stock\"}";

  @BeforeAll
  static void start() throws Exception {
    fixture = new AgentFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  private static double reused() {
    var counter =
        fixture.agent().meterRegistry().find(InfrastructureAgent.ANALYSES_REUSED).functionCounter();
    return counter == null ? 0 : counter.count();
  }

  private static JsonNode analyse() throws Exception {
    String id = "reuse-" + ids.incrementAndGet();
    fixture.publishAlert(id, BODY);
    return fixture.awaitAnalysis(id);
  }

  @Test
  void aRepeatIsAnsweredFromTheFirstAnalysisUntilTheNamespaceChanges() throws Exception {
    // given a healthy service and an agent that may reuse an analysis for ten seconds
    App app = app(client, "stock", "inventory", 1);
    Map<String, String> env = fixture.env();
    env.put("ANALYSIS_REUSE_MS", "10000");
    fixture.startAgent(client, env);

    // when the same alert repeats (once the caches serve the namespace, repeats are reused)
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              double before = reused();
              JsonNode analysis = analyse();
              assertThat(analysis.path("root_cause").path("category").asText())
                  .isEqualTo("HEALTHY");
              return reused() > before;
            });

    // then the reused answer carries its own alert id and is a whole, valid analysis
    String id = "reuse-" + ids.incrementAndGet();
    double before = reused();
    fixture.publishAlert(id, BODY);
    JsonNode repeat = fixture.awaitAnalysis(id);
    assertThat(reused()).isGreaterThan(before);
    assertThat(repeat.path("alert_id").asText()).isEqualTo(id);
    assertThat(repeat.path("status").asText()).isEqualTo("completed");
    assertThat(repeat.path("root_cause").path("category").asText()).isEqualTo("HEALTHY");

    // when its pod starts crash-looping, inside the window
    Pod pod = app.pods().getFirst();
    client
        .resource(
            new PodBuilder(pod)
                .editStatus()
                .withContainerStatuses(crashLooping(5, 1, "Error"))
                .endStatus()
                .build())
        .updateStatus();

    // then the next repeats see it, sooner than the window would have ended the reuse
    await()
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () ->
                assertThat(analyse().path("root_cause").path("category").asText())
                    .isEqualTo("CRASH_LOOP"));
    fixture.assertEverythingPublishedIsValid();
  }
}

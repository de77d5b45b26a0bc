package io.autoagent.infra;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.app;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.nats.client.Subscription;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes API failing under a running agent: refusing connections, answering 500, hanging.
 * Each time the analysis is answered {@code partial} with {@code sources.kubernetes: unavailable},
 * the heartbeat turns {@code degraded}, and the agent recovers by itself when the API returns. The
 * API is restarted on the same port over one CRUD store, so open watches really drop.
 */
class KubernetesOutageIT {

  enum Mode {
    HEALTHY,
    ERRORS,
    HANGING
  }

  private static final AtomicReference<Mode> MODE = new AtomicReference<>(Mode.HEALTHY);
  private static final KubernetesCrudDispatcher STORE = new KubernetesCrudDispatcher();
  private static final AtomicInteger ALERTS = new AtomicInteger();
  private static KubernetesMockServer api;
  private static int port;
  private static AgentFixture fixture;

  /** The CRUD store, or a failure, depending on the mode. */
  private static final class Switch extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      return switch (MODE.get()) {
        case HEALTHY -> STORE.dispatch(request);
        case ERRORS ->
            new MockResponse()
                .setResponseCode(500)
                .setBody(
                    "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"etcdserver: request timed out\",\"code\":500}");
        case HANGING ->
            new MockResponse()
                .setResponseCode(200)
                .setBodyDelay(Duration.ofMinutes(2))
                .setBody("{}");
      };
    }
  }

  @BeforeAll
  static void start() throws Exception {
    startApi();
    port = api.getPort();
    KubernetesClient seed = api.createClient();
    app(seed, "web", "frontend", 2);
    fixture = new AgentFixture();
    var env = fixture.env();
    env.put("ANALYSIS_TIMEOUT_S", "3");
    InfraConfig config = InfraConfig.fromEnv(env);
    fixture.startAgent(
        env,
        List.of(
            InfrastructureAgent.kubernetes(api.createClient(), config),
            new SkippedSource("git", "not configured"),
            new SkippedSource("argocd", "not configured")));
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
    api.destroy();
  }

  private static void startApi() {
    api =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new Switch(), false);
    if (port == 0) {
      api.init();
    } else {
      api.init(InetAddress.getLoopbackAddress(), port);
    }
  }

  /** Drops every connection (watches too) and comes back on the same port in the given mode. */
  private static void restartApi(Mode mode) {
    api.destroy();
    MODE.set(mode);
    startApi();
  }

  private static JsonNode analyse() throws Exception {
    String id = "outage-" + ALERTS.incrementAndGet();
    fixture.publishAlert(id, "{\"service\": \"frontend\", \"namespace\": \"web\"}");
    return fixture.awaitAnalysis(id);
  }

  private static void awaitHeartbeat(String status, String kubernetes) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Subscription sub = fixture.client.subscribe("agent.status.infrastructure-agent");
              try {
                io.nats.client.Message beat = sub.nextMessage(Duration.ofSeconds(3));
                assertThat(beat).isNotNull();
                JsonNode doc =
                    AgentFixture.parse(new String(beat.getData(), StandardCharsets.UTF_8));
                assertThat(doc.path("status").asText()).isEqualTo(status);
                assertThat(doc.path("connections").path("kubernetes").asText())
                    .isEqualTo(kubernetes);
              } finally {
                sub.unsubscribe();
              }
            });
  }

  private static void assertPartial(JsonNode analysis) {
    assertThat(analysis.path("status").asText()).isEqualTo("partial");
    assertThat(analysis.path("sources").path("kubernetes").asText()).isEqualTo("unavailable");
    assertThat(analysis.path("root_cause").path("category").asText()).isEqualTo("UNKNOWN");
    // the agent's own measure: the analysis gave up on the API near ANALYSIS_TIMEOUT_S, not later
    assertThat(analysis.path("duration_ms").asLong()).isLessThan(3_000 + 2_000);
  }

  @Test
  void answersPartialAndDegradesThroughEachOutageThenRecovers() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> analyse().path("status").asText().equals("completed"));

    restartApi(Mode.ERRORS);
    awaitHeartbeat("degraded", "down");
    assertPartial(analyse());

    restartApi(Mode.HANGING);
    assertPartial(analyse());

    api.destroy(); // refusing connections
    assertPartial(analyse());
    awaitHeartbeat("degraded", "down");

    MODE.set(Mode.HEALTHY);
    startApi();
    awaitHeartbeat("active", "ok");
    JsonNode recovered = analyse();
    assertThat(recovered.path("status").asText()).isEqualTo("completed");
    assertThat(recovered.path("root_cause").path("category").asText()).isEqualTo("HEALTHY");
  }
}

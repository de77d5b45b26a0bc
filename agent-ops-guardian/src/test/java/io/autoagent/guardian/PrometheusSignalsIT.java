package io.autoagent.guardian;

import static io.autoagent.guardian.GuardianFixture.forService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Application signals from Prometheus reach the decision: slow responses scale a calm-CPU service.
 */
@EnableKubernetesMockClient(crud = true)
class PrometheusSignalsIT {

  private static final String VECTOR =
      """
      {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1748253600,"%s"]}]}}""";
  private static final String EMPTY =
      """
      {"status":"success","data":{"resultType":"vector","result":[]}}""";

  static KubernetesClient client;
  private static GuardianFixture fixture;
  private static MockWebServer prometheus;

  @BeforeAll
  static void start() throws Exception {
    prometheus = new MockWebServer();
    prometheus.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String query = request.getUrl().queryParameter("query");
            String body =
                query == null
                    ? EMPTY
                    : query.equals("vector(1)")
                        ? VECTOR.formatted("1")
                        : query.contains("histogram_quantile") ? VECTOR.formatted("900") : EMPTY;
            return new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
          }
        });
    prometheus.start();
    fixture = new GuardianFixture(client);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
    prometheus.close();
  }

  @Test
  void scalesOnSlowResponsesReportedByPrometheus() throws Exception {
    // given: CPU at 40 %, nothing to scale for on Kubernetes signals, but p95 latency of 900 ms
    fixture.deployment("web", "catalog", 2, 200);
    Map<String, String> env = fixture.env("guardian-p");
    env.put("PROMETHEUS_URL", prometheus.url("/").toString());
    OpsGuardian guardian = fixture.start(env);

    // when
    fixture.command("eval-p", "{\"type\": \"evaluate\", \"service\": \"web/catalog\"}");

    // then
    await().atMost(Duration.ofSeconds(20)).until(() -> fixture.replicas("web", "catalog") == 3);
    JsonNode event = fixture.awaitEvent("system_scaling", forService("catalog"));
    assertThat(event.path("context").path("reason").asText()).containsIgnoringCase("latency");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                guardian
                    .runtime()
                    .status()
                    .current()
                    .path("connections")
                    .path("prometheus")
                    .asText()
                    .equals("ok"));
  }
}

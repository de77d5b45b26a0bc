package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Subscription;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faults: the NATS server restarting under the agent, readiness, graceful shutdown. */
class ResilienceIT {

  private AgentFixture fixture;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    fixture = new AgentFixture();
    fixture.startAgent();
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void losesNoAlertPublishedBeforeOrAfterANatsRestart() throws Exception {
    // given: alerts published before the restart
    for (int i = 0; i < 30; i++) {
      fixture.publishAlert("before-" + i, alert(i));
    }

    // when: the server restarts on the same store, then more alerts arrive
    fixture.server.restart();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> fixture.client.getStatus() == io.nats.client.Connection.Status.CONNECTED);
    for (int i = 0; i < 30; i++) {
      publishWithRetry("after-" + i, alert(i));
    }

    // then: each alert answered exactly once
    await().atMost(Duration.ofSeconds(60)).until(() -> answeredIds().size() == 60);
    List<JsonNode> responses = fixture.responses();
    assertThat(responses).hasSize(60);
    Set<String> ids = answeredIds();
    assertThat(ids).contains("before-0", "before-29", "after-0", "after-29");
    fixture.assertEverythingPublishedIsValid();
  }

  @Test
  void turnsUnreadyWhileNatsIsDownAndReadyAgainAfter() throws Exception {
    int port = fixture.agent().runtime().healthPort();
    assertThat(get(port, "/readyz")).isEqualTo(200);

    fixture.server.stop();
    await().atMost(Duration.ofSeconds(15)).until(() -> get(port, "/readyz") == 503);
    assertThat(get(port, "/healthz")).isEqualTo(200);

    fixture.server.restart();
    await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/readyz") == 200);
  }

  @Test
  void exposesPrometheusMetricsForProcessedMessages() throws Exception {
    fixture.publishAlert("metrics-1", alert(1));
    fixture.awaitAnalysis("metrics-1");
    int port = fixture.agent().runtime().healthPort();

    // the answer is published before the alert is acknowledged and counted: wait for the count
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(
                        http.send(
                                HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .build(),
                                HttpResponse.BodyHandlers.ofString())
                            .body())
                    .contains(
                        "agent_messages_processed_total{agent=\"infrastructure-agent\",outcome=\"done\",subject=\"infrastructure_agent\"}")
                    .contains("agent_processing_time_seconds_bucket")
                    .contains("agent_messages_inflight")
                    .contains("jvm_memory_used_bytes")
                    .contains("process_cpu_usage"));
  }

  @Test
  void publishesInactiveOnceOnGracefulShutdown() throws Exception {
    Subscription sub = fixture.client.subscribe("agent.status.infrastructure-agent");

    fixture.agent().close();

    String last = null;
    io.nats.client.Message message;
    while ((message = sub.nextMessage(Duration.ofSeconds(2))) != null) {
      last = new String(message.getData(), StandardCharsets.UTF_8);
    }
    assertThat(last).isNotNull();
    assertThat(AgentFixture.parse(last).path("status").asText()).isEqualTo("inactive");
  }

  private Set<String> answeredIds() {
    return fixture.responses().stream()
        .map(r -> r.path("alert_id").asText())
        .collect(Collectors.toSet());
  }

  private void publishWithRetry(String id, String json) {
    // JetStream may need a moment after the restart before it accepts publications.
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(
            () -> {
              fixture.publishAlert(id, json);
              return true;
            });
  }

  private int get(int port, String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static String alert(int i) {
    return "{\"service\": \"svc-" + i + "\", \"namespace\": \"prod\", \"severity\": \"high\"}";
  }
}

package io.autoagent.tools.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackNotifierTest {

  private final MockWebServer server = new MockWebServer();
  private final Escalation rolledBack =
      new Escalation(
          Escalation.Kind.REMEDIATION_ROLLED_BACK,
          "a-7",
          "shop",
          "payments",
          "OOM_KILLED",
          "Runbook bump-memory rolled_back",
          "#prod-incidents",
          List.of("https://grafana.example/d/payments"));

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private SlackNotifier slack() {
    return new SlackNotifier(server.url("/services/T0/B0/x").toString(), Duration.ofSeconds(5));
  }

  @Test
  void postsABlockKitMessageWithHeaderFieldsAndContextToTheWebhook() throws Exception {
    // given
    server.enqueue(new MockResponse.Builder().body("ok").build());

    // when
    slack().notify(rolledBack);

    // then
    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/services/T0/B0/x");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    JsonNode body = new ObjectMapper().readTree(request.getBody().utf8());
    assertThat(body.path("channel").asText()).isEqualTo("#prod-incidents");
    assertThat(body.path("text").asText()).isEqualTo("Remediation rolled back: shop/payments");
    JsonNode blocks = body.path("blocks");
    assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
    assertThat(blocks.get(0).path("text").path("type").asText()).isEqualTo("plain_text");
    assertThat(blocks.get(1).path("type").asText()).isEqualTo("section");
    assertThat(blocks.get(1).path("fields").toString())
        .contains("payments", "shop", "OOM_KILLED", "bump-memory");
    assertThat(blocks.get(2).path("type").asText()).isEqualTo("context");
    assertThat(blocks.get(2).path("elements").get(0).path("text").asText())
        .contains("a-7", "<https://grafana.example/d/payments>");
  }

  @Test
  void throwsRetriableOn503AndPermanentOn404() {
    // given
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().code(404).body("no_service").build());

    // then
    assertThatThrownBy(() -> slack().notify(rolledBack)).isInstanceOf(RetriableException.class);
    assertThatThrownBy(() -> slack().notify(rolledBack)).isInstanceOf(PermanentException.class);
  }
}

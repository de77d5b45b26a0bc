package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.core.messaging.Contract;
import io.autoagent.infra.webhook.AlertmanagerReceiver;
import io.autoagent.infra.webhook.JetStreamAlertSink;
import io.autoagent.infra.webhook.WebhookConfig;
import io.nats.client.Connection;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alertmanager's webhook, end to end: the exact body Alertmanager sends, posted over HTTP to the
 * receiver, published through JetStream to a real nats-server, analysed by the agent and answered
 * on {@code orchestrator_response}; and Alertmanager's retry behaviour (503 while NATS is down,
 * then 200 delivering exactly once).
 */
class AlertmanagerReceiverIT {

  private static final String TOKEN = "s3cret-webhook-token";

  /** The firing alert's id as the agent derives it: fingerprint and startsAt in epoch seconds. */
  private static final String FIRING_ALERT_ID =
      "3e5ae8d4b0a1c2f7-" + Instant.parse("2026-12-07T10:15:30.123Z").getEpochSecond();

  @TempDir Path dir;
  private AgentFixture fixture;
  private AlertmanagerReceiver receiver;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private byte[] notification;

  @BeforeEach
  void start() throws Exception {
    fixture = new AgentFixture();
    fixture.startAgent();
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    Path basicFile = Files.writeString(dir.resolve("basic"), "alertmanager:pa55:word\n");
    WebhookConfig config =
        WebhookConfig.fromEnv(
            Map.of(
                "WEBHOOK_PORT",
                "0",
                "WEBHOOK_TOKEN_FILE",
                tokenFile.toString(),
                "WEBHOOK_BASIC_AUTH_FILE",
                basicFile.toString(),
                "MAX_PAYLOAD_BYTES",
                "65536"));
    Connection connection = fixture.agent().runtime().connection();
    receiver =
        AlertmanagerReceiver.start(
            config,
            new JetStreamAlertSink(
                connection, Contract.SUBJECT_INFRASTRUCTURE, Duration.ofSeconds(2)),
            AgentFixture.MAPPER,
            fixture.agent().meterRegistry());
    try (InputStream in =
        getClass().getResourceAsStream("/alertmanager/crashloop-notification.json")) {
      notification = in.readAllBytes();
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (receiver != null) {
      receiver.close();
    }
    fixture.close();
  }

  @Test
  void turnsAlertmanagersNotificationIntoAnAnalysisOfEachFiringAlert() throws Exception {
    // when
    HttpResponse<String> response = post(notification, "Bearer " + TOKEN);

    // then: 200 once stored, and the firing alert (not the resolved one) comes back analysed
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode ack = AgentFixture.parse(response.body());
    assertThat(ack.path("status").asText()).isEqualTo("accepted");
    assertThat(ack.path("duplicate").asBoolean()).isFalse();
    assertThat(ack.path("alerts").asInt()).isEqualTo(2);
    assertThat(ack.path("firing").asInt()).isEqualTo(1);
    JsonNode analysis = fixture.awaitAnalysis(FIRING_ALERT_ID);
    assertThat(analysis.path("service").asText()).isEqualTo("checkout");
    assertThat(analysis.path("namespace").asText()).isEqualTo("shop");
    assertThat(fixture.responses())
        .extracting(r -> r.path("service").asText())
        .doesNotContain("payments");
  }

  @Test
  void acceptsTheSameNotificationTwiceButAnalysesItOnce() throws Exception {
    // given: the same notification, as Alertmanager resends it after a timeout
    HttpResponse<String> first = post(notification, "Bearer " + TOKEN);
    String basic =
        Base64.getEncoder()
            .encodeToString("alertmanager:pa55:word".getBytes(StandardCharsets.UTF_8));

    // when
    HttpResponse<String> second = post(notification, "Basic " + basic);

    // then: both answered 200 with one message id; the stream kept one message, one analysis
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    assertThat(AgentFixture.parse(second.body()).path("duplicate").asBoolean()).isTrue();
    assertThat(AgentFixture.parse(second.body()).path("message_id").asText())
        .isEqualTo(AgentFixture.parse(first.body()).path("message_id").asText());
    fixture.awaitAnalysis(FIRING_ALERT_ID);
    fixture.assertWorkQueueDrained(Contract.AGENT_TASKS, Contract.CONSUMER_INFRASTRUCTURE);
    assertThat(analysesOf(FIRING_ALERT_ID)).isEqualTo(1);
  }

  @Test
  void answers503WhileNatsIsDownAndDeliversOnceWhenAlertmanagerRetries() throws Exception {
    // given: NATS goes away
    fixture.server.stop();
    Connection connection = fixture.agent().runtime().connection();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> connection.getStatus() != Connection.Status.CONNECTED);

    // when: Alertmanager posts, gets 503, and retries until NATS is back
    HttpResponse<String> refused = post(notification, "Bearer " + TOKEN);
    fixture.server.restart();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> post(notification, "Bearer " + TOKEN).statusCode() == 200);

    // then: the refusal said to retry; the retries stored one message and yielded one analysis
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(AgentFixture.parse(refused.body()).path("error").path("code").asText())
        .isEqualTo("UNAVAILABLE");
    fixture.awaitAnalysis(FIRING_ALERT_ID);
    fixture.assertWorkQueueDrained(Contract.AGENT_TASKS, Contract.CONSUMER_INFRASTRUCTURE);
    assertThat(analysesOf(FIRING_ALERT_ID)).isEqualTo(1);
  }

  @Test
  void refusesBadBodiesWithAJsonErrorAndPublishesNothing() throws Exception {
    HttpResponse<String> notJson =
        post(
            "{\"version\": \"4\", \"alerts\": [".getBytes(StandardCharsets.UTF_8),
            "Bearer " + TOKEN);
    HttpResponse<String> wrongVersion =
        post(
            "{\"version\": \"3\", \"alerts\": []}".getBytes(StandardCharsets.UTF_8),
            "Bearer " + TOKEN);
    HttpResponse<String> nativeAlert =
        post(
            "{\"service\": \"checkout\", \"namespace\": \"shop\"}".getBytes(StandardCharsets.UTF_8),
            "Bearer " + TOKEN);

    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(AgentFixture.parse(notJson.body()).path("error").path("code").asText())
        .isEqualTo("INVALID_JSON");
    assertThat(wrongVersion.statusCode()).isEqualTo(400);
    assertThat(AgentFixture.parse(wrongVersion.body()).path("error").path("message").asText())
        .contains("$.version");
    assertThat(nativeAlert.statusCode()).isEqualTo(400);
    assertThat(
            fixture
                .client
                .jetStreamManagement()
                .getStreamInfo(Contract.AGENT_TASKS)
                .getStreamState()
                .getMsgCount())
        .isZero();
    assertThat(
            fixture
                .client
                .jetStreamManagement()
                .getConsumerInfo(Contract.AGENT_TASKS, Contract.CONSUMER_INFRASTRUCTURE)
                .getDelivered()
                .getStreamSequence())
        .isZero();
  }

  @Test
  void answers401WithoutCredentials403WithWrongOnes405ForGetAnd413WhenTooLarge() throws Exception {
    HttpResponse<String> none = post(notification, null);
    HttpResponse<String> wrong = post(notification, "Bearer not-the-token");
    HttpResponse<String> wrongBasic =
        post(
            notification,
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("alertmanager:guess".getBytes(StandardCharsets.UTF_8)));
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(uri()).GET().header("Authorization", "Bearer " + TOKEN).build(),
            HttpResponse.BodyHandlers.ofString());
    byte[] large = new byte[70_000];
    java.util.Arrays.fill(large, (byte) ' ');
    HttpResponse<String> tooLarge = post(large, "Bearer " + TOKEN);

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(wrongBasic.statusCode()).isEqualTo(403);
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(AgentFixture.parse(tooLarge.body()).path("error").path("code").asText())
        .isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(
            fixture
                .client
                .jetStreamManagement()
                .getStreamInfo(Contract.AGENT_TASKS)
                .getStreamState()
                .getMsgCount())
        .isZero();
    assertThat(fixture.agent().runtime().connection().getStatus())
        .isEqualTo(Connection.Status.CONNECTED);
    assertThat(scrape())
        .contains(
            "agent_webhook_requests_total{agent=\"infrastructure-agent\",outcome=\"forbidden\"} 2.0");
  }

  private long analysesOf(String alertId) {
    List<JsonNode> responses = fixture.responses();
    return responses.stream().filter(r -> r.path("alert_id").asText().equals(alertId)).count();
  }

  private String scrape() throws Exception {
    int port = fixture.agent().runtime().healthPort();
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + receiver.port() + WebhookConfig.PATH);
  }

  private HttpResponse<String> post(byte[] body, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri())
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("User-Agent", "Alertmanager/0.28.1")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}

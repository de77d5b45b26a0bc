package io.autoagent.guardian;

import static io.autoagent.guardian.GuardianFixture.forService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.core.llm.LlmWire;
import io.autoagent.guardian.advisor.AdvisorOutcome;
import io.autoagent.guardian.events.AdvisorOutcomeMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The running Ops Guardian with Gemini as its advisor: a real nats-server, the fabric8 mock
 * Kubernetes API, and MockWebServer answering Gemini's generateContent.
 */
@EnableKubernetesMockClient(crud = true)
class GeminiAdvisorIT {

  static KubernetesClient client;
  private static GuardianFixture fixture;
  private final MockWebServer gemini = new MockWebServer();
  private final List<String> prompts = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startNats() throws Exception {
    fixture = new GuardianFixture(client);
  }

  @AfterAll
  static void stopNats() throws Exception {
    fixture.close();
  }

  @AfterEach
  void stopGemini() {
    gemini.close();
  }

  private OpsGuardian startWith(
      Function<RecordedRequest, MockResponse> answers, Map<String, String> llm) throws Exception {
    gemini.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            prompts.add(request.getUrl().encodedPath() + " " + request.getBody().utf8());
            return answers.apply(request);
          }
        });
    gemini.start();
    Map<String, String> env = fixture.env("guardian-llm");
    env.put("GEMINI_API_KEY", "gemini-test-key");
    env.put("GEMINI_BASE_URL", gemini.url("/v1beta").toString());
    env.put("GUARDIAN_MODE", "aggressive");
    env.putAll(llm);
    return fixture.start(env);
  }

  @Test
  void scalesToTheClampedAdviceOfAnOverEagerGemini() throws Exception {
    // given: two pods at 90 % CPU, and Gemini asking for 50 replicas (max 10, step 4 from 2)
    OpsGuardian guardian =
        startWith(
            r ->
                LlmWire.gemini(
                    "{\"target_replicas\": 50, \"confidence\": 0.9, \"reason\": \"payroll traffic ahead\"}",
                    400,
                    30),
            Map.of());
    try {
      fixture.deployment("bank", "ledger", 2, 450);

      // when
      fixture.command("advise-1", "{\"type\": \"evaluate\", \"service\": \"bank/ledger\"}");

      // then
      await().atMost(Duration.ofSeconds(20)).until(() -> fixture.replicas("bank", "ledger") == 6);
      JsonNode event = fixture.awaitEvent("system_scaling", forService("ledger"));
      assertThat(event.path("context").path("to_replicas").asInt()).isEqualTo(6);
      assertThat(event.path("context").path("reason").asText())
          .contains("payroll traffic ahead")
          .contains("clamped to bounds 1..10");
      assertThat(prompts)
          .singleElement()
          .asString()
          .startsWith("/v1beta/models/gemini-2.5-flash:generateContent ")
          .contains("cpu_percent")
          .contains("time_context");
      assertThat(
              new AdvisorOutcomeMetrics(guardian.metrics().registry())
                  .count(AdvisorOutcome.CLAMPED))
          .isEqualTo(1);
      assertThat(guardian.metrics().scrape()).contains("guardian_advisor_outcomes_total");
      assertThat(llmConnection()).isEqualTo("ok");
    } finally {
      fixture.stop(guardian);
    }
  }

  @Test
  void scalesByTheRulesWhileGeminiIsDownAndReportsItDown() throws Exception {
    // given: Gemini failing, and a circuit that opens after one failure
    OpsGuardian guardian =
        startWith(
            r -> LlmWire.geminiError(503, "UNAVAILABLE"),
            Map.of("LLM_MAX_RETRIES", "0", "LLM_CIRCUIT_FAILURES", "1"));
    try {
      fixture.deployment("bank", "payments", 2, 450);

      // when
      fixture.command("advise-2", "{\"type\": \"evaluate\", \"service\": \"bank/payments\"}");

      // then: the rules' one step, and llm down in the status
      JsonNode event = fixture.awaitEvent("system_scaling", forService("payments"));
      assertThat(event.path("context").path("to_replicas").asInt()).isEqualTo(3);
      assertThat(event.path("context").path("reason").asText()).doesNotContain("advisor");
      assertThat(
              new AdvisorOutcomeMetrics(guardian.metrics().registry())
                  .count(AdvisorOutcome.UNAVAILABLE))
          .isEqualTo(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> llmConnection().equals("down"));
    } finally {
      fixture.stop(guardian);
    }
  }

  /** {@code connections.llm} of the status the Guardian answers on the NATS Service API. */
  private static String llmConnection() throws Exception {
    Message reply =
        fixture.client.request(OpsGuardian.SUBJECT_STATUS, new byte[0], Duration.ofSeconds(10));
    return GuardianFixture.parse(new String(reply.getData(), StandardCharsets.UTF_8))
        .path("connections")
        .path("llm")
        .asText();
  }
}

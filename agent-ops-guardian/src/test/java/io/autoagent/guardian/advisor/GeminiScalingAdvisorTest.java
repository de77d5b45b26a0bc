package io.autoagent.guardian.advisor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.json.Json;
import io.autoagent.core.llm.LlmConfig;
import io.autoagent.core.llm.LlmWire;
import io.autoagent.guardian.config.GuardianConfig;
import io.autoagent.guardian.decision.Damping;
import io.autoagent.guardian.decision.Decision;
import io.autoagent.guardian.decision.Mode;
import io.autoagent.guardian.decision.ScalingEngine;
import io.autoagent.guardian.decision.WorkloadPolicy;
import io.autoagent.guardian.events.AdvisorOutcomeMetrics;
import io.autoagent.guardian.forecast.AdaptiveForecaster;
import io.autoagent.guardian.signals.AppSignals;
import io.autoagent.guardian.signals.Observation;
import io.autoagent.guardian.signals.WorkloadRef;
import io.autoagent.guardian.signals.WorkloadSample;
import io.autoagent.guardian.signals.WorkloadStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Gemini advisor against MockWebServer speaking Gemini's generateContent wire format, driven
 * through the decision core as the running Guardian drives it.
 */
class GeminiScalingAdvisorTest {

  private static final ObjectMapper MAPPER = Json.newMapper();
  private static final WorkloadRef APP = WorkloadRef.of("bank", "frontend");

  /** A Tuesday, 10:30 UTC: business hours. */
  private static final Instant WEEKDAY = Instant.parse("2026-05-26T10:30:00Z");

  /** Aggressive mode, bounds 1..10, at most 2 replicas per step. */
  private static final GuardianConfig CONFIG =
      GuardianConfig.defaults()
          .withDefaultPolicy(WorkloadPolicy.DEFAULTS.withMode(Mode.AGGRESSIVE))
          .withDamping(
              new Damping(
                  Duration.ZERO,
                  Duration.ofSeconds(300),
                  2,
                  0,
                  Duration.ofSeconds(60),
                  Duration.ofSeconds(60),
                  Duration.ofSeconds(300)));

  private final MockWebServer server = new MockWebServer();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AdvisorOutcomeMetrics outcomes = new AdvisorOutcomeMetrics(registry);
  private AdvisorConnection connection;

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    if (connection != null) {
      connection.close();
    }
    server.close();
  }

  private ScalingEngine engine(Duration deadline, Map<String, String> extra) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "GEMINI_API_KEY", "gemini-test-key",
                "GEMINI_BASE_URL", server.url("/v1beta").toString(),
                "LLM_MAX_RETRIES", "0"));
    env.putAll(extra);
    connection =
        AdvisorConnection.create(
            LlmConfig.fromEnv(env), deadline, registry, Clock.systemUTC(), MAPPER, outcomes);
    return new ScalingEngine(
        CONFIG,
        Clock.fixed(WEEKDAY, ZoneOffset.UTC),
        AdaptiveForecaster.daily(5),
        connection.advisor());
  }

  private ScalingEngine engine() {
    return engine(Duration.ofSeconds(10), Map.of());
  }

  /** Three hot replicas at 78 % CPU, slow and failing a little: the rules want one more. */
  private static Observation hot() {
    return new Observation(
        APP,
        new WorkloadSample(
            WEEKDAY, 78, 45, 3, 3, 3, new AppSignals(120.0, 1.5, 640.0, 310.0, null)),
        WorkloadStatus.HEALTHY);
  }

  private static String answer(Object target, Object confidence, String reason) {
    return MAPPER
        .createObjectNode()
        .putPOJO("target_replicas", target)
        .putPOJO("confidence", confidence)
        .put("reason", reason)
        .toString();
  }

  @Test
  void sendsGenerateContentWithTheMetricsAndTheTimeContext() throws Exception {
    // given
    server.enqueue(LlmWire.gemini(answer(4, 0.8, "latency climbing"), 300, 30));

    // when
    engine().decide(hot());

    // then
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/v1beta/models/" + LlmConfig.DEFAULT_GEMINI_MODEL + ":generateContent");
    assertThat(request.getHeaders().get("x-goog-api-key")).isEqualTo("gemini-test-key");
    JsonNode body = MAPPER.readTree(request.getBody().utf8());
    assertThat(body.path("systemInstruction").path("parts").get(0).path("text").asText())
        .contains("bank")
        .contains("lunch rush");
    JsonNode prompt =
        MAPPER.readTree(body.path("contents").get(0).path("parts").get(0).path("text").asText());
    assertThat(prompt.path("workload").asText()).isEqualTo("bank/frontend");
    JsonNode replicas = prompt.path("replicas");
    assertThat(replicas.path("current").asInt()).isEqualTo(3);
    assertThat(replicas.path("min").asInt()).isEqualTo(1);
    assertThat(replicas.path("max").asInt()).isEqualTo(10);
    assertThat(replicas.path("max_step").asInt()).isEqualTo(2);
    JsonNode metrics = prompt.path("current_metrics");
    assertThat(metrics.path("cpu_percent").asDouble()).isEqualTo(78.0);
    assertThat(metrics.path("memory_percent").asDouble()).isEqualTo(45.0);
    assertThat(metrics.path("latency_p95_ms").asDouble()).isEqualTo(640.0);
    assertThat(metrics.path("error_rate_percent").asDouble()).isEqualTo(1.5);
    assertThat(metrics.path("request_rate_rps").asDouble()).isEqualTo(120.0);
    assertThat(metrics.has("queue_depth")).isFalse();
    JsonNode time = prompt.path("time_context");
    assertThat(time.path("day_of_week").asText()).isEqualTo("tuesday");
    assertThat(time.path("is_business_hours").asBoolean()).isTrue();
    assertThat(time.path("is_weekend").asBoolean()).isFalse();
    assertThat(time.path("active_periods").toString()).contains("BUSINESS_HOURS");
    assertThat(prompt.path("recent_history")).hasSize(1);
    assertThat(prompt.path("recent_history").get(0).path("replicas").asInt()).isEqualTo(3);
    JsonNode generation = body.path("generationConfig");
    assertThat(generation.path("responseMimeType").asText()).isEqualTo("application/json");
    assertThat(generation.toString())
        .contains("target_replicas")
        .contains("confidence")
        .contains("reason");
  }

  @Test
  void usesValidAdviceAsGiven() {
    // given
    server.enqueue(LlmWire.gemini(answer(5, 0.8, "latency climbing before lunch"), 300, 30));

    // when
    Decision d = engine().decide(hot());

    // then
    assertThat(d.basis()).isEqualTo(Decision.Basis.ADVISOR);
    assertThat(d.toReplicas()).isEqualTo(5);
    assertThat(d.reason()).isEqualTo("advisor: latency climbing before lunch");
    assertThat(outcomes.count(AdvisorOutcome.ACCEPTED)).isEqualTo(1);
  }

  @Test
  void clampsAnOverEagerAnswerAndUsesIt() {
    // given: 50 replicas, far beyond max 10 and step 2, with confidence 1.7
    server.enqueue(LlmWire.gemini(answer(50, 1.7, "payroll rush"), 300, 30));

    // when
    Decision d = engine().decide(hot());

    // then: 3 + 2
    assertThat(d.kind()).isEqualTo(Decision.Kind.SCALE);
    assertThat(d.basis()).isEqualTo(Decision.Basis.ADVISOR);
    assertThat(d.toReplicas()).isEqualTo(5);
    assertThat(d.confidence()).isEqualTo(1.0);
    assertThat(d.reason())
        .contains("payroll rush")
        .contains("clamped to bounds 1..10")
        .contains("step limited to 2");
    assertThat(outcomes.count(AdvisorOutcome.CLAMPED)).isEqualTo(1);
  }

  @Test
  void fallsBackToTheRulesOnAMalformedAnswer() {
    // given: prose instead of the JSON object
    server.enqueue(LlmWire.gemini("Scale up a lot, the bank is busy!", 300, 30));

    // when
    Decision d = engine().decide(hot());

    // then
    assertThat(d.basis()).isEqualTo(Decision.Basis.RULES);
    assertThat(d.toReplicas()).isEqualTo(rulesAlone());
    assertThat(outcomes.count(AdvisorOutcome.REJECTED)).isEqualTo(1);
  }

  @Test
  void fallsBackToTheRulesWhenGeminiAnswers503() {
    // given
    server.enqueue(LlmWire.geminiError(503, "UNAVAILABLE"));

    // when
    Decision d = engine().decide(hot());

    // then
    assertThat(d.basis()).isEqualTo(Decision.Basis.RULES);
    assertThat(d.toReplicas()).isEqualTo(rulesAlone());
    assertThat(outcomes.count(AdvisorOutcome.UNAVAILABLE)).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void fallsBackToTheRulesWhenGeminiDoesNotAnswerInTime() {
    // given: a server that takes the request and never answers
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    ScalingEngine engine = engine(Duration.ofMillis(300), Map.of());

    // when
    Decision d = engine.decide(hot());

    // then
    assertThat(d.basis()).isEqualTo(Decision.Basis.RULES);
    assertThat(d.toReplicas()).isEqualTo(rulesAlone());
    assertThat(outcomes.count(AdvisorOutcome.UNAVAILABLE)).isEqualTo(1);
  }

  @Test
  void reportsDownAfterRepeatedFailuresAndStopsCalling() {
    // given: the circuit opens after one failure
    server.enqueue(LlmWire.geminiError(500, "INTERNAL"));
    ScalingEngine engine = engine(Duration.ofSeconds(10), Map.of("LLM_CIRCUIT_FAILURES", "1"));
    engine.decide(hot());

    // when
    Decision d = engine.decide(hot());

    // then
    assertThat(connection.connectionState()).isEqualTo("down");
    assertThat(d.basis()).isEqualTo(Decision.Basis.RULES);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(outcomes.count(AdvisorOutcome.UNAVAILABLE)).isEqualTo(2);
  }

  @Test
  void masksTheWorkloadNameWhenAnonymizingAndUnmasksTheReason() throws Exception {
    // given
    server.enqueue(LlmWire.gemini(answer(5, 0.9, "workload-1 is slow"), 300, 30));

    // when
    Decision d = engine(Duration.ofSeconds(10), Map.of("LLM_ANONYMIZE", "true")).decide(hot());

    // then
    String sent = server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8();
    assertThat(sent).doesNotContain("frontend").contains("workload-1");
    assertThat(d.reason()).isEqualTo("advisor: bank/frontend is slow");
  }

  @Test
  void isNoneWithoutAKey() {
    // when
    connection =
        AdvisorConnection.create(
            LlmConfig.fromEnv(Map.of()),
            Duration.ofSeconds(5),
            registry,
            Clock.systemUTC(),
            MAPPER,
            outcomes);

    // then
    assertThat(connection.advisor().isEnabled()).isFalse();
    assertThat(connection.connectionState()).isEqualTo("disabled");
    assertThat(connection.describe()).isEqualTo("none");
  }

  @Test
  void parsesAnswersInFencesAndNumbersSentAsStrings() {
    Advice a =
        GeminiScalingAdvisor.parse(
            MAPPER,
            "```json\n{\"target_replicas\": \"6.4\", \"confidence\": \"0.7\", \"reason\": \" busy \"}\n```");

    assertThat(a).isEqualTo(new Advice(6, 0.7, "busy"));
  }

  @Test
  void parsesMissingOrNonNumericFieldsAsNull() {
    assertThat(GeminiScalingAdvisor.parse(MAPPER, "{\"target_replicas\": \"many\", \"reason\": 3}"))
        .isEqualTo(new Advice(null, null, null));
    assertThat(GeminiScalingAdvisor.parse(MAPPER, "[1, 2]"))
        .isEqualTo(new Advice(null, null, null));
    assertThat(GeminiScalingAdvisor.parse(MAPPER, "")).isEqualTo(new Advice(null, null, null));
    assertThat(
            GeminiScalingAdvisor.parse(MAPPER, "{\"target_replicas\": 1e40, \"confidence\": 0.5}"))
        .isEqualTo(new Advice(Integer.MAX_VALUE, 0.5, null));
  }

  /** What the rules decide for {@link #hot()} without an advisor. */
  private static int rulesAlone() {
    return new ScalingEngine(
            CONFIG,
            Clock.fixed(WEEKDAY, ZoneOffset.UTC),
            AdaptiveForecaster.daily(5),
            GuardedAdvisor.none())
        .decide(hot())
        .toReplicas();
  }
}

package io.autoagent.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiLlmClientTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final OutputSchema SCHEMA =
      new OutputSchema(
          "verdict",
          List.of(
              OutputSchema.Field.oneOf("category", "root cause", List.of("CRASH_LOOP", "HEALTHY")),
              OutputSchema.Field.string("summary", "one sentence"),
              OutputSchema.Field.number("confidence", "0..1"),
              OutputSchema.Field.stringArray(
                  "runbook_ids", "chosen runbooks", List.of("restart-pods"))));
  private static final LlmPrompt PROMPT =
      new LlmPrompt("You are terse.", "What broke?", SCHEMA, 256);

  private final MockWebServer server = new MockWebServer();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private LlmClient client;

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  private LlmClient client(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("LLM_PROVIDER", "openai");
    env.put("OPENAI_API_KEY", "sk-test-key");
    env.put("OPENAI_MODEL", "gpt-4.1-mini");
    env.put("OPENAI_BASE_URL", server.url("/v1").toString());
    env.put("LLM_RETRY_BACKOFF_MS", "1");
    env.putAll(extra);
    client = LlmClients.create(LlmConfig.fromEnv(env), registry, clock);
    return client;
  }

  @Test
  void sendsChatCompletionWithJsonSchemaResponseFormat() throws Exception {
    // given
    server.enqueue(LlmWire.openAi("{\"category\":\"CRASH_LOOP\"}", 120, 30));
    // when
    LlmReply reply = client(Map.of()).chat(PROMPT);
    // then
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test-key");
    JsonNode body = MAPPER.readTree(request.getBody().utf8());
    assertThat(body.path("model").asText()).isEqualTo("gpt-4.1-mini");
    assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
    assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("You are terse.");
    assertThat(body.path("messages").get(1).path("role").asText()).isEqualTo("user");
    assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("What broke?");
    JsonNode format = body.path("response_format");
    assertThat(format.path("type").asText()).isEqualTo("json_schema");
    assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
    JsonNode schema = format.path("json_schema").path("schema");
    assertThat(schema.path("properties").path("category").path("enum"))
        .extracting(JsonNode::asText)
        .containsExactly("CRASH_LOOP", "HEALTHY");
    assertThat(
            schema
                .path("properties")
                .path("runbook_ids")
                .path("items")
                .path("enum")
                .get(0)
                .asText())
        .isEqualTo("restart-pods");
    assertThat(schema.path("required")).hasSize(4);
    assertThat(body.path("max_tokens").asInt()).isEqualTo(256);
    assertThat(reply.text()).isEqualTo("{\"category\":\"CRASH_LOOP\"}");
    assertThat(reply.inputTokens()).isEqualTo(120);
    assertThat(reply.outputTokens()).isEqualTo(30);
  }

  @Test
  void capsReasoningModelsWithMaxCompletionTokens() throws Exception {
    // given
    server.enqueue(LlmWire.openAi("{}", 1, 1));
    // when
    client(Map.of("OPENAI_MODEL", "gpt-5-mini")).chat(PROMPT);
    // then
    JsonNode body = MAPPER.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
    assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(256);
    assertThat(body.has("max_tokens")).isFalse();
    assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_schema");
  }

  @Test
  void countsCallsLatencyAndTokensPerProviderAndModel() {
    // given
    server.enqueue(LlmWire.openAi("{}", 120, 30));
    // when
    client(Map.of()).chat(PROMPT);
    // then
    assertThat(
            registry
                .get(MicrometerLlmMetrics.CALLS)
                .tag("provider", "openai")
                .tag("model", "gpt-4.1-mini")
                .tag("outcome", "ok")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get(MicrometerLlmMetrics.LATENCY).tag("outcome", "ok").timer().count())
        .isEqualTo(1);
    assertThat(
            registry.get(MicrometerLlmMetrics.TOKENS).tag("direction", "input").counter().count())
        .isEqualTo(120);
    assertThat(
            registry.get(MicrometerLlmMetrics.TOKENS).tag("direction", "output").counter().count())
        .isEqualTo(30);
  }

  @Test
  void retriesAfter429AndThenSucceeds() {
    // given
    server.enqueue(LlmWire.openAiError(429, "requests", "rate_limit_exceeded"));
    server.enqueue(LlmWire.openAi("{\"ok\":true}", 10, 2));
    // when
    LlmReply reply = client(Map.of()).chat(PROMPT);
    // then
    assertThat(reply.text()).isEqualTo("{\"ok\":true}");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(
            registry
                .get(MicrometerLlmMetrics.FAILURES)
                .tag("reason", "rate_limited")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}, {2} request(s)")
  @CsvSource({
    "429, retriable, 3, rate_limited",
    "500, retriable, 3, server_error",
    "503, retriable, 3, server_error",
    "400, permanent, 1, bad_request",
    "401, permanent, 1, auth",
    "403, permanent, 1, auth",
    "404, permanent, 1, bad_request"
  })
  void mapsHttpStatusToRetriableOrPermanent(int status, String kind, int requests, String reason) {
    // given: every attempt fails the same way (two retries allowed)
    for (int i = 0; i < 3; i++) {
      server.enqueue(LlmWire.openAiError(status, "error", "code"));
    }
    LlmClient c = client(Map.of("LLM_MAX_RETRIES", "2", "LLM_CIRCUIT_FAILURES", "10"));
    // when / then
    assertThatThrownBy(() -> c.chat(PROMPT))
        .isInstanceOf(
            kind.equals("retriable") ? RetriableException.class : PermanentException.class);
    assertThat(server.getRequestCount()).isEqualTo(requests);
    assertThat(registry.get(MicrometerLlmMetrics.FAILURES).tag("reason", reason).counter().count())
        .isEqualTo(requests);
  }

  @Test
  void abandonsACallThatOverrunsTheTimeout() {
    // given: the server holds its answer far longer than the client waits
    server.enqueue(
        new MockResponse.Builder(LlmWire.openAi("{}", 1, 1))
            .headersDelay(30, TimeUnit.SECONDS)
            .build());
    client(Map.of("LLM_MAX_RETRIES", "0"));
    LlmClient shortTimeout =
        LlmClients.create(
            LlmConfig.fromEnv(
                    Map.of(
                        "LLM_PROVIDER", "openai",
                        "OPENAI_API_KEY", "sk-test-key",
                        "OPENAI_BASE_URL", server.url("/v1").toString(),
                        "LLM_MAX_RETRIES", "0"))
                .withTimeout(Duration.ofMillis(300)),
            registry,
            clock);
    try {
      // when / then
      // whichever fires first under load, the call's own deadline or the HTTP client's timeout
      assertThatThrownBy(() -> shortTimeout.chat(PROMPT))
          .isInstanceOf(RetriableException.class)
          .hasMessageMatching("openai (did not answer within 300 ms|timed out)");
      assertThat(
              registry
                  .get(MicrometerLlmMetrics.FAILURES)
                  .tag("reason", "timeout")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(registry.find(MicrometerLlmMetrics.CALLS).tag("outcome", "ok").counter()).isNull();
    } finally {
      shortTimeout.close();
    }
  }

  @Test
  void opensTheCircuitAfterRepeatedFailuresAndClosesItAfterASuccessfulProbe() {
    // given: two failures in a row open the circuit
    LlmClient c =
        client(
            Map.of(
                "LLM_MAX_RETRIES", "0", "LLM_CIRCUIT_FAILURES", "2", "LLM_CIRCUIT_OPEN_S", "60"));
    server.enqueue(LlmWire.openAiError(500, "server_error", "x"));
    server.enqueue(LlmWire.openAiError(500, "server_error", "x"));
    assertThatThrownBy(() -> c.chat(PROMPT)).isInstanceOf(RetriableException.class);
    assertThatThrownBy(() -> c.chat(PROMPT)).isInstanceOf(RetriableException.class);
    assertThat(c.state()).isEqualTo(LlmClient.State.DOWN);

    // when: the circuit is open, the LLM is skipped without a request
    assertThatThrownBy(() -> c.chat(PROMPT))
        .isInstanceOf(RetriableException.class)
        .hasMessageContaining("skipped");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(
            registry
                .get(MicrometerLlmMetrics.FAILURES)
                .tag("reason", "circuit_open")
                .counter()
                .count())
        .isEqualTo(1);

    // then: after the open period one probe goes out; its success closes the circuit
    clock.advance(Duration.ofSeconds(61));
    server.enqueue(LlmWire.openAi("{}", 1, 1));
    assertThat(c.chat(PROMPT).text()).isEqualTo("{}");
    assertThat(c.state()).isEqualTo(LlmClient.State.OK);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void reopensTheCircuitWhenTheProbeFails() {
    // given
    LlmClient c =
        client(
            Map.of(
                "LLM_MAX_RETRIES", "0", "LLM_CIRCUIT_FAILURES", "1", "LLM_CIRCUIT_OPEN_S", "60"));
    server.enqueue(LlmWire.openAiError(503, "server_error", "x"));
    assertThatThrownBy(() -> c.chat(PROMPT)).isInstanceOf(RetriableException.class);
    // when
    clock.advance(Duration.ofSeconds(61));
    server.enqueue(LlmWire.openAiError(503, "server_error", "x"));
    assertThatThrownBy(() -> c.chat(PROMPT)).isInstanceOf(RetriableException.class);
    // then: open again, no request goes out
    assertThatThrownBy(() -> c.chat(PROMPT)).hasMessageContaining("skipped");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(c.state()).isEqualTo(LlmClient.State.DOWN);
  }
}

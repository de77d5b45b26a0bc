package io.autoagent.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.RetriableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GeminiLlmClientTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final OutputSchema SCHEMA =
      new OutputSchema(
          "verdict",
          List.of(
              OutputSchema.Field.oneOf("category", "root cause", List.of("OOM_KILLED", "UNKNOWN")),
              OutputSchema.Field.string("summary", "one sentence")));

  private final MockWebServer server = new MockWebServer();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private LlmClient client;

  @BeforeEach
  void start() throws Exception {
    server.start();
    client =
        LlmClients.create(
            LlmConfig.fromEnv(
                Map.of(
                    "GEMINI_API_KEY", "gemini-test-key",
                    "GEMINI_BASE_URL", server.url("/v1beta").toString(),
                    "LLM_RETRY_BACKOFF_MS", "1")),
            registry,
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void sendsGenerateContentWithSystemInstructionAndResponseSchema() throws Exception {
    // given
    server.enqueue(LlmWire.gemini("{\"category\":\"OOM_KILLED\",\"summary\":\"s\"}", 200, 40));
    // when
    LlmReply reply = client.chat(new LlmPrompt("Be exact.", "Why did it die?", SCHEMA, 512));
    // then
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(request.getHeaders().get("x-goog-api-key")).isEqualTo("gemini-test-key");
    JsonNode body = MAPPER.readTree(request.getBody().utf8());
    assertThat(body.path("systemInstruction").path("parts").get(0).path("text").asText())
        .isEqualTo("Be exact.");
    assertThat(body.path("contents").get(0).path("role").asText()).isEqualTo("user");
    assertThat(body.path("contents").get(0).path("parts").get(0).path("text").asText())
        .isEqualTo("Why did it die?");
    JsonNode config = body.path("generationConfig");
    assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
    assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(512);
    assertThat(config.toString()).contains("OOM_KILLED");
    assertThat(reply.text()).isEqualTo("{\"category\":\"OOM_KILLED\",\"summary\":\"s\"}");
    assertThat(reply.inputTokens()).isEqualTo(200);
    assertThat(reply.outputTokens()).isEqualTo(40);
    assertThat(client.provider()).isEqualTo("gemini");
  }

  @Test
  void retriesAfter503AndThenSucceeds() {
    // given
    server.enqueue(LlmWire.geminiError(503, "UNAVAILABLE"));
    server.enqueue(LlmWire.gemini("{}", 1, 1));
    // when
    LlmReply reply = client.chat(new LlmPrompt("s", "u", null, 0));
    // then
    assertThat(reply.text()).isEqualTo("{}");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void givesUpAfterTheLastRetry() {
    // given
    for (int i = 0; i < 3; i++) {
      server.enqueue(LlmWire.geminiError(429, "RESOURCE_EXHAUSTED"));
    }
    // when / then
    assertThatThrownBy(() -> client.chat(new LlmPrompt("s", "u", null, 0)))
        .isInstanceOf(RetriableException.class);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }
}

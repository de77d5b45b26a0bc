package io.autoagent.tools.analysis.llm;

import static io.autoagent.tools.analysis.llm.Incidents.answer;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.core.llm.LlmConfig;
import io.autoagent.core.llm.LlmWire;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.RulesAnalyzer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GeminiLlmAnalyzerTest {

  private final MockWebServer server = new MockWebServer();
  private LlmAnalyzer analyzer;

  @BeforeEach
  void start() throws Exception {
    server.start();
    analyzer =
        LlmAnalyzers.create(
            LlmConfig.fromEnv(
                Map.of(
                    "GEMINI_API_KEY",
                    "g-key",
                    "GEMINI_BASE_URL",
                    server.url("/v1beta").toString())),
            new SimpleMeterRegistry(),
            Clock.systemUTC(),
            alert -> Set.of(Incidents.SECRET_VALUE));
  }

  @AfterEach
  void stop() {
    analyzer.close();
    server.close();
  }

  @Test
  void usesAValidGeminiAnswerAndSendsNoPlantedSecret() throws Exception {
    // given
    server.enqueue(
        LlmWire.gemini(
            answer("CRASH_LOOP", "postgres refuses connections", 0.85, "restart-crashlooping-pods"),
            1200,
            70));
    Evidence evidence = Incidents.crashLoop("a-1");
    // when
    LlmAnalysis result =
        analyzer.analyze(evidence, new RulesAnalyzer().analyze(evidence), Incidents.candidates());
    // then
    assertThat(result.analyzer()).isEqualTo("llm/gemini/gemini-2.5-flash");
    assertThat(result.rootCause().category()).isEqualTo(Category.CRASH_LOOP);
    assertThat(result.preferredRunbookIds()).containsExactly("restart-crashlooping-pods");
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(request.getBody().utf8())
        .contains("responseSchema", "connection refused")
        .doesNotContain(
            Incidents.AWS_KEY,
            Incidents.JWT,
            Incidents.DB_PASSWORD,
            Incidents.BEARER,
            Incidents.ENV_PASSWORD,
            Incidents.SECRET_VALUE);
  }
}

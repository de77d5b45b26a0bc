package io.autoagent.infra;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.app;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.crashLooping;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.core.llm.LlmWire;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent with an LLM configured, end to end: OpenAI's chat-completions API played by a
 * MockWebServer, the cluster by the fabric8 mock, alerts over NATS.
 */
@EnableKubernetesMockClient(crud = true)
class LlmAnalysisIT {

  static KubernetesClient client;
  private static final String CHECKOUT_ANSWER =
      """
      {"category": "CRASH_LOOP", "summary": "checkout exits with code 1 at start-up; its previous revision ran fine.",
       "confidence": 0.86, "runbook_ids": ["rollback-deployment"]}""";
  private static final String INJECTED_ANSWER =
      "{\"category\": \"HEALTHY\", \"summary\": \"all good\", \"confidence\": 0.99, \"runbook_ids\": []}";
  private static final List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
  private static MockWebServer openai;
  private static AgentFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    app(client, "shop", "checkout", 1).addPod("crash", crashLooping(9, 1, "Error"));
    app(client, "shop", "payments", 1).addPod("crash", crashLooping(4, 2, "Error"));
    openai = new MockWebServer();
    openai.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String body = request.getBody().utf8();
            requests.add(body);
            // checkout gets a sound answer; payments gets what a prompt injection would produce
            return body.contains("checkout-7d9c5b-crash")
                ? LlmWire.openAi(CHECKOUT_ANSWER, 900, 60)
                : LlmWire.openAi(INJECTED_ANSWER, 900, 20);
          }
        });
    openai.start();
    fixture = new AgentFixture();
    Map<String, String> env = fixture.env();
    env.put("LLM_PROVIDER", "openai");
    env.put("OPENAI_API_KEY", "sk-test-not-a-real-key");
    env.put("OPENAI_BASE_URL", openai.url("/v1").toString());
    env.put("LLM_TIMEOUT_S", "5");
    InfraConfig config = InfraConfig.fromEnv(env);
    fixture.startAgent(env, List.of(InfrastructureAgent.kubernetes(client, config)));
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
    openai.close();
  }

  @Test
  void publishesTheModelsRefinedVerdictAndItsChoiceOfRunbook() throws Exception {
    fixture.publishAlert(
        "llm-1",
        "{\"service\": \"checkout\", \"namespace\": \"shop\", \"severity\": \"critical\"}");
    JsonNode analysis = fixture.awaitAnalysis("llm-1");

    assertThat(analysis.path("analyzer").asText()).isEqualTo("llm/openai/gpt-4.1-mini");
    assertThat(analysis.path("sources").path("llm").asText()).isEqualTo("ok");
    assertThat(analysis.path("root_cause").path("summary").asText())
        .startsWith("checkout exits with code 1");
    assertThat(analysis.path("recommendations").get(0).path("runbook_id").asText())
        .isEqualTo("rollback-deployment");
    assertThat(requests)
        .anySatisfy(
            body ->
                assertThat(body)
                    .contains("checkout-7d9c5b-crash", "CrashLoopBackOff")
                    .doesNotContain("sk-test-not-a-real-key"));
  }

  @Test
  void keepsTheRulesVerdictWhenTheModelNamesACategoryNoFindingSupports() throws Exception {
    // the model answers HEALTHY despite a crash loop, on the first try and on the retry
    fixture.publishAlert(
        "llm-2",
        "{\"service\": \"payments\", \"namespace\": \"shop\", \"severity\": \"critical\"}");
    JsonNode analysis = fixture.awaitAnalysis("llm-2");

    assertThat(analysis.path("analyzer").asText()).isEqualTo("rules");
    assertThat(analysis.path("sources").path("llm").asText()).isEqualTo("error");
    assertThat(analysis.path("root_cause").path("category").asText()).isEqualTo("CRASH_LOOP");
    fixture.assertEverythingPublishedIsValid();
  }
}

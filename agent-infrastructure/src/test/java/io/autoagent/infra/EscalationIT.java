package io.autoagent.infra;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.app;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.crashLooping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.tools.remediation.policy.InformerPolicySource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.nats.client.api.ObjectInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Escalation and archives wired into the agent: Slack (a MockWebServer), the object store, and the
 * Slack channel of the AutoRemediationPolicy that matches the workload (fabric8 mock, CRUD).
 */
@EnableKubernetesMockClient(crud = true)
class EscalationIT {

  static KubernetesClient client;
  private static String crashPod;
  private static MockWebServer slack;
  private static AgentFixture fixture;
  private static final List<RecordedRequest> posted = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    crashPod =
        app(client, "shop", "checkout", 1)
            .addPod("crash", crashLooping(9, 1, "Error"))
            .getMetadata()
            .getName();
    app(client, "prod", "api", 1).addPod("crash", crashLooping(9, 1, "Error"));
    client
        .genericKubernetesResources(InformerPolicySource.CONTEXT)
        .inNamespace("prod")
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("autoagent.io/v1alpha1")
                .withKind("AutoRemediationPolicy")
                .withNewMetadata()
                .withName("api")
                .withNamespace("prod")
                .endMetadata()
                .addToAdditionalProperties(
                    "spec",
                    Map.of(
                        "targetSelector", Map.of("matchLabels", Map.of("app", "api")),
                        "escalation", Map.of("slackChannel", "#prod-incidents")))
                .build())
        .create();
    slack = new MockWebServer();
    slack.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            posted.add(request);
            return new MockResponse.Builder().code(200).body("ok").build();
          }
        });
    slack.start();
    fixture = new AgentFixture();
    Map<String, String> env = fixture.env();
    env.put("SLACK_WEBHOOK_URL", slack.url("/services/T000/B000/XXXX").toString());
    fixture.startAgent(
        env, client, List.of(InfrastructureAgent.kubernetes(client, InfraConfig.fromEnv(env))));
    await().atMost(Duration.ofSeconds(10)).until(fixture.agent()::policiesSynced);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
    slack.close();
  }

  /** The Slack message about one service, parsed. */
  private static JsonNode slackMessageAbout(String namespace, String service) {
    JsonNode[] found = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              found[0] =
                  posted.stream()
                      .map(r -> AgentFixture.parse(r.getBody().utf8()))
                      .filter(
                          m -> m.path("text").asText().endsWith(": " + namespace + "/" + service))
                      .findFirst()
                      .orElse(null);
              return found[0] != null;
            });
    return found[0];
  }

  @Test
  void escalatesACriticalCrashLoopToSlackAndArchivesTheIncident() throws Exception {
    fixture.publishAlert(
        "esc-1",
        "{\"service\": \"checkout\", \"namespace\": \"shop\", \"severity\": \"critical\", \"reason\": \"CrashLoopBackOff\"}");
    fixture.awaitAnalysis("esc-1");

    JsonNode message = slackMessageAbout("shop", "checkout");
    assertThat(posted)
        .allSatisfy(
            r -> {
              assertThat(r.getMethod()).isEqualTo("POST");
              assertThat(r.getTarget()).isEqualTo("/services/T000/B000/XXXX");
            });
    assertThat(message.has("blocks")).isTrue();
    assertThat(message.toString()).contains("checkout", "CRASH_LOOP");
    assertThat(message.has("channel")).as("no policy: the webhook's own channel").isFalse();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              List<ObjectInfo> archived = fixture.client.objectStore("incident-archives").getList();
              assertThat(archived)
                  .extracting(ObjectInfo::getObjectName)
                  .anySatisfy(
                      name ->
                          assertThat(name)
                              .startsWith("shop/checkout/CrashLoopBackOff/")
                              .endsWith("/" + crashPod + ".json"));
            });
    // the bundle holds each fact once: the analysis as published carries the findings and changes
    ObjectInfo bundleInfo =
        fixture.client.objectStore("incident-archives").getList().stream()
            .filter(i -> i.getObjectName().endsWith("/" + crashPod + ".json"))
            .findFirst()
            .orElseThrow();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    fixture.client.objectStore("incident-archives").get(bundleInfo.getObjectName(), bytes);
    JsonNode bundle =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(bytes.toByteArray());
    assertThat(bundle.has("findings")).isFalse();
    assertThat(bundle.path("analysis").path("findings")).isNotEmpty();
    assertThat(bundle.path("analysis").path("root_cause").path("category").asText())
        .isEqualTo("CRASH_LOOP");
    assertThat(bundle.path("reports"))
        .anySatisfy(
            r -> {
              assertThat(r.path("source").asText()).isEqualTo("kubernetes");
              assertThat(r.has("findings")).isFalse();
              assertThat(r.path("workload").isObject()).isTrue();
            });
  }

  @Test
  void sendsTheMessageToTheSlackChannelOfThePolicyThatMatchesTheWorkload() throws Exception {
    fixture.publishAlert(
        "esc-2",
        "{\"service\": \"api\", \"namespace\": \"prod\", \"severity\": \"critical\", \"reason\": \"CrashLoopBackOff\"}");
    fixture.awaitAnalysis("esc-2");

    JsonNode message = slackMessageAbout("prod", "api");

    assertThat(message.path("channel").asText()).isEqualTo("#prod-incidents");
    assertThat(posted)
        .anySatisfy(
            r -> assertThat(r.getBody().utf8()).contains("\"channel\":\"#prod-incidents\""));
  }
}

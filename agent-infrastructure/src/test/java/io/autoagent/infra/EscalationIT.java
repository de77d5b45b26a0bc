package io.autoagent.infra;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.app;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.crashLooping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.nats.client.api.ObjectInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Escalation and archives wired into the agent: Slack (a MockWebServer) and the object store. */
@EnableKubernetesMockClient(crud = true)
class EscalationIT {

  static KubernetesClient client;
  private static String crashPod;
  private static MockWebServer slack;
  private static AgentFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    crashPod = app(client, "shop", "checkout", 1).addPod("crash", crashLooping(9, 1, "Error")).getMetadata().getName();
    slack = new MockWebServer();
    slack.start();
    fixture = new AgentFixture();
    Map<String, String> env = fixture.env();
    env.put("SLACK_WEBHOOK_URL", slack.url("/services/T000/B000/XXXX").toString());
    fixture.startAgent(env, List.of(InfrastructureAgent.kubernetes(client, InfraConfig.fromEnv(env))));
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
    slack.close();
  }

  @Test
  void escalatesACriticalCrashLoopToSlackAndArchivesTheIncident() throws Exception {
    slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());

    fixture.publishAlert("esc-1", "{\"service\": \"checkout\", \"namespace\": \"shop\", \"severity\": \"critical\", \"reason\": \"CrashLoopBackOff\"}");
    fixture.awaitAnalysis("esc-1");

    RecordedRequest posted = slack.takeRequest(30, TimeUnit.SECONDS);
    assertThat(posted).isNotNull();
    assertThat(posted.getMethod()).isEqualTo("POST");
    assertThat(posted.getBody().utf8()).contains("\"blocks\"", "checkout", "CRASH_LOOP");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      List<ObjectInfo> archived = fixture.client.objectStore("incident-archives").getList();
      assertThat(archived).extracting(ObjectInfo::getObjectName)
          .anySatisfy(name -> assertThat(name).startsWith("shop/checkout/CrashLoopBackOff/").endsWith("/" + crashPod + ".json"));
    });
  }
}

package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.core.messaging.Contract;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.EvidenceSource;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.escalation.Outbox;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Archives and escalations as subscribers of the alert path, in the agent on a real nats-server: a
 * storm of one incident is archived once, changed evidence once more; the answer never waits for
 * either, and both still happen after the agent restarts while the archive store and Slack are
 * down.
 */
class SideEffectsIT {

  private static final String BUCKET = "incident-archives";
  private static final String SECRET = "s3cr3t-" + "z".repeat(14);

  /** The same crash-looping pod on every alert; its last log line is what tests change. */
  private static final class CrashingPod implements EvidenceSource {
    volatile String lastLine = "panic: connection refused";
    final AtomicInteger restarts = new AtomicInteger(5);

    @Override
    public String name() {
      return "kubernetes";
    }

    @Override
    public SourceReport collect(Alert alert) {
      int restart = restarts.incrementAndGet(); // a storm: the pod restarts between alerts
      Finding crash =
          new Finding(
              Category.CRASH_LOOP,
              Severity.HIGH,
              "Pod/shop/checkout-6f7-abcde",
              "container app restarted " + restart + " times, last exit code 1",
              List.of("log: " + lastLine, "log: DB_PASSWORD=" + SECRET),
              Map.of(
                  Finding.ATTR_POD,
                  "checkout-6f7-abcde",
                  Finding.ATTR_RESTART_COUNT,
                  Integer.toString(restart)));
      return SourceReport.ok(name(), List.of(crash), List.of(), null);
    }
  }

  private final CrashingPod pod = new CrashingPod();
  private final MockWebServer slack = new MockWebServer();
  private final AtomicBoolean slackDown = new AtomicBoolean();
  private final AtomicInteger slackRefused = new AtomicInteger();
  private final List<String> slackMessages = new java.util.concurrent.CopyOnWriteArrayList<>();
  private AgentFixture fixture;

  @BeforeEach
  void start() throws Exception {
    slack.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (slackDown.get()) {
              slackRefused.incrementAndGet();
              return new MockResponse.Builder().code(503).build();
            }
            slackMessages.add(request.getBody().utf8());
            return new MockResponse.Builder().code(200).body("ok").build();
          }
        });
    slack.start();
    fixture = new AgentFixture();
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
    slack.close();
  }

  private Map<String, String> env() {
    Map<String, String> env = fixture.env();
    env.put("SLACK_WEBHOOK_URL", slack.url("/services/T000/B000/XXXX").toString());
    return env;
  }

  private List<ObjectInfo> archived() throws Exception {
    return fixture.client.objectStore(BUCKET).getList();
  }

  /** Every alert handled, and everything it queued for the archive worker handled too. */
  private void awaitSideEffectsSettled() {
    fixture.assertWorkQueueDrained(Contract.AGENT_TASKS, Contract.CONSUMER_INFRASTRUCTURE);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var info =
                  fixture
                      .client
                      .jetStreamManagement()
                      .getConsumerInfo(Outbox.ARCHIVES.stream(), Outbox.ARCHIVES.durable());
              assertThat(info.getNumPending()).isZero();
              assertThat(info.getNumAckPending()).isZero();
            });
  }

  @Test
  void archivesAStormOfOneIncidentOnceAndChangedEvidenceOnceMore() throws Exception {
    fixture.startAgent(env(), List.of(pod));

    // when 100 alerts of one incident arrive
    for (int i = 0; i < 100; i++) {
      fixture.publishAlert(
          "storm-" + i,
          "{\"service\": \"checkout\", \"namespace\": \"shop\", \"reason\": \"CrashLoopBackOff\"}");
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> fixture.responses().size() == 100);
    awaitSideEffectsSettled();

    // then one bundle, under the pod's plain name, redacted
    assertThat(archived())
        .extracting(ObjectInfo::getObjectName)
        .singleElement()
        .satisfies(
            name ->
                assertThat(name)
                    .startsWith("shop/checkout/CrashLoopBackOff/")
                    .endsWith("/checkout-6f7-abcde.json"));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    fixture.client.objectStore(BUCKET).get(archived().getFirst().getObjectName(), bytes);
    JsonNode bundle = AgentFixture.parse(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(bundle.path("analysis").path("root_cause").path("category").asText())
        .isEqualTo("CRASH_LOOP");
    assertThat(bundle.toString()).doesNotContain(SECRET).contains("DB_PASSWORD=[REDACTED]");

    // when the evidence changes (another last log line) for two more alerts
    pod.lastLine = "fatal: out of file descriptors";
    fixture.publishAlert(
        "changed-1",
        "{\"service\": \"checkout\", \"namespace\": \"shop\", \"reason\": \"CrashLoopBackOff\"}");
    fixture.publishAlert(
        "changed-2",
        "{\"service\": \"checkout\", \"namespace\": \"shop\", \"reason\": \"CrashLoopBackOff\"}");
    fixture.awaitAnalysis("changed-2");
    awaitSideEffectsSettled();

    // then a second bundle beside the first, once
    assertThat(archived())
        .extracting(ObjectInfo::getObjectName)
        .hasSize(2)
        .anySatisfy(name -> assertThat(name).endsWith("/checkout-6f7-abcde.json"))
        .anySatisfy(name -> assertThat(name).matches(".*/checkout-6f7-abcde_changed-[12]\\.json"));
    fixture.assertEverythingPublishedIsValid();
  }

  @Test
  void answersWhileTheArchiveAndSlackAreDownAndDeliversBothAfterARestart() throws Exception {
    // given an archive bucket too small for any bundle (every write refused) and Slack answering
    // 503
    fixture
        .client
        .objectStoreManagement()
        .create(
            ObjectStoreConfiguration.builder(BUCKET)
                .storageType(StorageType.File)
                .maxBucketSize(64)
                .build());
    slackDown.set(true);
    fixture.startAgent(env(), List.of(pod));

    // when a critical alert arrives
    fixture.publishAlert(
        "down-1",
        "{\"service\": \"checkout\", \"namespace\": \"shop\", \"severity\": \"critical\","
            + " \"reason\": \"CrashLoopBackOff\"}");

    // then it is answered as usual, and the archive and the Slack message are tried and retried
    // (both retried once: the agent then stops between retries, not as one is redelivered, which
    // would leave that item with the closing outbox until its AckWait)
    JsonNode answer = fixture.awaitAnalysis("down-1");
    assertThat(answer.path("root_cause").path("category").asText()).isEqualTo("CRASH_LOOP");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> slackRefused.get() >= 2 && archiveAttempts() >= 2);
    assertThat(archived()).isEmpty();

    // when the agent stops, the store gets room and Slack recovers, and the agent starts again
    fixture.agent().close();
    StreamConfiguration full =
        fixture.client.jetStreamManagement().getStreamInfo("OBJ_" + BUCKET).getConfiguration();
    fixture
        .client
        .jetStreamManagement()
        .updateStream(StreamConfiguration.builder(full).maxBytes(-1).build());
    slackDown.set(false);
    fixture.startAgent(env(), List.of(pod));

    // then the new agent's workers archive the incident and send the Slack message, once each
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> archived().size() == 1 && !slackMessages.isEmpty());
    assertThat(archived())
        .extracting(ObjectInfo::getObjectName)
        .singleElement()
        .satisfies(name -> assertThat(name).endsWith("/checkout-6f7-abcde.json"));
    assertThat(slackMessages)
        .singleElement()
        .satisfies(m -> assertThat(m).contains("checkout").doesNotContain(SECRET));
    awaitSideEffectsSettled();
  }

  @Test
  void acknowledgesANewIncidentsAlertOnlyOnceItsArchiveIsQueuedRedeliveringItMeanwhile()
      throws Exception {
    Map<String, String> env = env();
    env.put("MAX_DELIVER", "20");
    fixture.startAgent(env, List.of(pod));
    // given the archive lane's stream gone: NATS confirms no archive
    var jsm = fixture.client.jetStreamManagement();
    StreamConfiguration lane = jsm.getStreamInfo(Outbox.ARCHIVES.stream()).getConfiguration();
    jsm.deleteStream(Outbox.ARCHIVES.stream());

    // when a new incident's alert arrives
    fixture.publishAlert(
        "lane-down-1",
        "{\"service\": \"checkout\", \"namespace\": \"shop\", \"reason\": \"CrashLoopBackOff\"}");

    // then it is answered (the answer does not wait for the archive), but not acknowledged: it is
    // redelivered while its archive cannot be queued
    fixture.awaitAnalysis("lane-down-1");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var info =
                  jsm.getConsumerInfo(Contract.AGENT_TASKS, Contract.CONSUMER_INFRASTRUCTURE);
              return info.getRedelivered() >= 1
                  && info.getNumAckPending() + info.getNumPending() == 1;
            });

    // when the lane is back
    jsm.addStream(lane);

    // then a redelivery queues the archive and the alert is acknowledged, its answer stored once
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jsm.getStreamInfo(Outbox.ARCHIVES.stream()).getStreamState().getLastSequence()
                    == 1);
    fixture.assertWorkQueueDrained(Contract.AGENT_TASKS, Contract.CONSUMER_INFRASTRUCTURE);
    assertThat(fixture.responses())
        .filteredOn(r -> r.path("alert_id").asText().equals("lane-down-1"))
        .hasSize(1);
    assertThat(fixture.data("agent.events."))
        .noneSatisfy(e -> assertThat(e.path("event_type").asText()).isEqualTo("dead_letter"));
  }

  /** How often the archive worker was handed the queued archive (first delivery and retries). */
  private long archiveAttempts() throws Exception {
    var info =
        fixture
            .client
            .jetStreamManagement()
            .getConsumerInfo(Outbox.ARCHIVES.stream(), Outbox.ARCHIVES.durable());
    return info.getDelivered().getConsumerSequence();
  }
}

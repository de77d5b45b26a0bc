package io.autoagent.tools.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoagent.core.testing.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox on a real nats-server, with Slack (MockWebServer) down for a while. */
class EscalationOutboxIT {

  private static final Outbox.Options FAST =
      new Outbox.Options(
          Duration.ofMillis(50),
          Duration.ofMillis(200),
          Duration.ofSeconds(1),
          Duration.ofSeconds(30));
  private static NatsTestServer nats;
  private static Connection nc;

  private final MockWebServer slack = new MockWebServer();
  private final AtomicBoolean down = new AtomicBoolean(true);
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger delivered = new AtomicInteger();

  @BeforeAll
  static void startNats() throws Exception {
    nats = NatsTestServer.start();
    nc = Nats.connect(nats.url());
  }

  @AfterAll
  static void stopNats() throws Exception {
    nc.close();
    nats.close();
  }

  @BeforeEach
  void startSlack() throws Exception {
    slack.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (down.get()) {
              refused.incrementAndGet();
              return new MockResponse.Builder().code(503).build();
            }
            delivered.incrementAndGet();
            return new MockResponse.Builder().body("ok").build();
          }
        });
    slack.start();
  }

  @AfterEach
  void stopSlack() {
    slack.close();
  }

  private Outbox outbox(SlackNotifier notifier) {
    Outbox outbox = Outbox.open(nc, FAST, item -> notifier.notify(item.escalation()));
    outbox.start();
    return outbox;
  }

  private static OutboxItem item(String alertId) {
    return OutboxItem.notify(
        new Escalation(
            Escalation.Kind.CRITICAL_FINDING,
            alertId,
            "shop",
            "payments",
            "CRASH_LOOP",
            "restarting",
            null,
            List.of()));
  }

  private long queued() throws Exception {
    return nc.jetStreamManagement().getStreamInfo(Outbox.STREAM).getStreamState().getMsgCount();
  }

  @Test
  void deliversExactlyOnceAfterSlackRecoversFrom503s() throws Exception {
    try (SlackNotifier notifier =
            new SlackNotifier(slack.url("/hook").toString(), Duration.ofSeconds(5));
        Outbox outbox = outbox(notifier)) {
      // given Slack answers 503
      outbox.enqueue(item("o-1"));
      outbox.enqueue(item("o-1")); // a repeat is dropped as a duplicate
      await().until(() -> refused.get() >= 3);

      // when Slack recovers
      down.set(false);

      // then
      await().until(() -> delivered.get() == 1 && queued() == 0);
      assertThat(delivered.get()).isEqualTo(1);
    }
  }

  @Test
  void continuesDeliveryAfterTheWorkerRestarts() throws Exception {
    try (SlackNotifier notifier =
        new SlackNotifier(slack.url("/hook").toString(), Duration.ofSeconds(5))) {
      // given a worker that failed to deliver and stopped
      Outbox first = outbox(notifier);
      first.enqueue(item("o-2"));
      await().until(() -> refused.get() >= 1);
      first.close();
      assertThat(queued()).isEqualTo(1);

      // when Slack recovers and a new worker starts
      down.set(false);
      try (Outbox second = outbox(notifier)) {
        // then
        await().until(() -> delivered.get() == 1 && queued() == 0);
      }
      assertThat(delivered.get()).isEqualTo(1);
    }
  }

  @Test
  void neverHoldsSlackBackBehindAPullRequestThatTakesLongerThanTheAckWait() throws Exception {
    // given Slack up, and a pull request whose clone and push take longer than the 2 s ack wait
    down.set(false);
    Outbox.Options shortAck =
        new Outbox.Options(
            Duration.ofMillis(50),
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2));
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    AtomicInteger attempts = new AtomicInteger();
    OutboxDelivery slowForge =
        queued -> {
          attempts.incrementAndGet();
          try {
            release.await(5, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    try (SlackNotifier notifier =
            new SlackNotifier(slack.url("/hook").toString(), Duration.ofSeconds(5));
        Escalations escalations =
            new Escalations(
                nc,
                notifier,
                TicketTracker.NONE,
                null,
                IncidentMetrics.NOOP,
                new io.autoagent.core.llm.Redactor(),
                shortAck,
                java.time.Clock.systemUTC(),
                slowForge,
                List.of())) {
      escalations.enqueue(
          OutboxItem.openPullRequest(
              "pr-1",
              new com.fasterxml.jackson.databind.ObjectMapper()
                  .createObjectNode()
                  .put("namespace", "shop")));
      await().until(() -> attempts.get() == 1);

      // when a critical escalation is queued while the pull request is still being opened
      escalations.enqueue(item("o-3"));

      // then Slack has it at once, and the slow pull request is delivered once, not redelivered
      await().atMost(Duration.ofSeconds(3)).until(() -> delivered.get() == 1);
      assertThat(release.getCount()).as("the pull request was still running").isEqualTo(1);
      Thread.sleep(4_500); // beyond twice the ack wait: in-progress acks keep the item
      release.countDown();
      await()
          .until(
              () ->
                  nc.jetStreamManagement()
                          .getStreamInfo(Outbox.PULL_REQUESTS.stream())
                          .getStreamState()
                          .getMsgCount()
                      == 0);
      assertThat(attempts.get()).isEqualTo(1);
      assertThat(queued()).isZero();
    }
  }
}

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
      new Outbox.Options(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(30));
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
    slack.setDispatcher(new Dispatcher() {
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
    return OutboxItem.notify(new Escalation(Escalation.Kind.CRITICAL_FINDING, alertId, "shop", "payments",
        "CRASH_LOOP", "restarting", null, List.of()));
  }

  private long queued() throws Exception {
    return nc.jetStreamManagement().getStreamInfo(Outbox.STREAM).getStreamState().getMsgCount();
  }

  @Test
  void deliversExactlyOnceAfterSlackRecoversFrom503s() throws Exception {
    try (SlackNotifier notifier = new SlackNotifier(slack.url("/hook").toString(), Duration.ofSeconds(5));
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
    try (SlackNotifier notifier = new SlackNotifier(slack.url("/hook").toString(), Duration.ofSeconds(5))) {
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
}

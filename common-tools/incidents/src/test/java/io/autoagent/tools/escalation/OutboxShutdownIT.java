package io.autoagent.tools.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoagent.core.testing.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Closing an outbox on a real nats-server: after its poll when idle (an interrupted poll would
 * abandon a pull the server still holds), after the item in hand when not.
 */
class OutboxShutdownIT {

  private static final Outbox.Options POLL =
      new Outbox.Options(
          Duration.ofMillis(50),
          Duration.ofMillis(200),
          Duration.ofSeconds(1),
          Duration.ofMinutes(2));

  private static NatsTestServer nats;
  private static Connection nc;

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

  private static Outbox.Lane lane(String name) {
    return new Outbox.Lane(name, "test.outbox." + name, name + "-worker", name + "-thread");
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

  private static long queued(Outbox.Lane lane) throws Exception {
    return nc.jetStreamManagement().getStreamInfo(lane.stream()).getStreamState().getMsgCount();
  }

  private static boolean consumerExists(Outbox.Lane lane) throws Exception {
    return nc.jetStreamManagement().getConsumerNames(lane.stream()).contains(lane.durable());
  }

  @Test
  void closesAfterThePollAndKeepsLaterItemsForTheNextStart() throws Exception {
    // given an idle worker waiting for items
    Outbox.Lane lane = lane("idle-close");
    ConcurrentLinkedQueue<String> delivered = new ConcurrentLinkedQueue<>();
    Outbox outbox = Outbox.open(nc, lane, POLL, i -> delivered.add(i.messageId()));
    outbox.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> consumerExists(lane));

    // when it is closed
    CompletableFuture<Void> closed = CompletableFuture.runAsync(outbox::close);

    // then it closes once its poll ends
    await().atMost(Duration.ofSeconds(30)).until(closed::isDone);

    // and an item queued afterwards stays queued, then the next start delivers it
    outbox.enqueue(item("after-close"));
    assertThat(queued(lane)).isEqualTo(1);
    assertThat(delivered).isEmpty();
    try (Outbox next = Outbox.open(nc, lane, POLL, i -> delivered.add(i.messageId()))) {
      next.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> queued(lane) == 0);
      assertThat(delivered).containsExactly(item("after-close").messageId());
    }
  }

  @Test
  void deliversAndAcknowledgesTheItemInHandBeforeClosing() throws Exception {
    // given a delivery that holds its item until released
    Outbox.Lane lane = lane("busy-close");
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    Outbox outbox =
        Outbox.open(
            nc,
            lane,
            POLL,
            i -> {
              entered.countDown();
              try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                  throw new IllegalStateException("never released");
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
              }
              finished.set(true);
            });
    outbox.start();
    outbox.enqueue(item("in-hand"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    // when it is closed while delivering, and the delivery then completes
    CompletableFuture<Void> closed = CompletableFuture.runAsync(outbox::close);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !closed.isDone());
    release.countDown();

    // then the item was delivered uninterrupted and acknowledged (it left the stream)
    await().atMost(Duration.ofSeconds(30)).until(closed::isDone);
    assertThat(finished).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> queued(lane) == 0);
  }
}

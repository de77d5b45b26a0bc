package io.autoagent.tools.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.RetriableException;
import io.autoagent.core.json.Json;
import io.autoagent.core.llm.Redactor;
import io.autoagent.core.testing.NatsTestServer;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.RootCause;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.archive.ArchiveStore;
import io.autoagent.tools.archive.ObjectStoreArchiveStore;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.ObjectInfo;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Archives as a subscriber on a real nats-server: once per incident and evidence, written by the
 * archive worker after the caller returned, retried while the store is down, kept across a restart.
 */
class ArchiveQueueIT {

  private static final Outbox.Options FAST =
      new Outbox.Options(
          Duration.ofMillis(50),
          Duration.ofMillis(200),
          Duration.ofSeconds(1),
          Duration.ofSeconds(30));
  private static final RootCause CRASH =
      new RootCause(Category.CRASH_LOOP, "the container exits with 1", 0.9);
  private static final String SECRET = "hunter2-" + "q".repeat(12);
  private static NatsTestServer nats;
  private static Connection nc;

  private String bucket;
  private final AtomicBoolean storeDown = new AtomicBoolean();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger notified = new AtomicInteger();

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
  void freshStreams() throws Exception {
    // each test starts with empty lanes and a bucket of its own
    for (String stream : List.of(Outbox.ARCHIVES.stream(), Outbox.STREAM)) {
      try {
        nc.jetStreamManagement().deleteStream(stream);
      } catch (io.nats.client.JetStreamApiException absent) {
        // first test
      }
    }
    bucket = "archives-" + System.nanoTime();
  }

  /**
   * The object store, refusing writes while {@link #storeDown} is set, as an unreachable store
   * does.
   */
  private ArchiveStore store() {
    ArchiveStore real = ObjectStoreArchiveStore.open(nc, bucket, Duration.ZERO);
    return new ArchiveStore() {
      @Override
      public void put(String key, byte[] json) {
        put(key, json, null, null);
      }

      @Override
      public void put(String key, byte[] json, String alertId, String evidenceHash) {
        if (storeDown.get()) {
          refused.incrementAndGet();
          throw new RetriableException("cannot archive " + key + ": store unreachable");
        }
        real.put(key, json, alertId, evidenceHash);
      }

      @Override
      public Optional<Owner> ownerAt(String key) {
        return real.ownerAt(key);
      }

      @Override
      public Optional<byte[]> get(String key) {
        return real.get(key);
      }
    };
  }

  private Escalations escalations(ArchiveStore store) {
    Notifier counting = escalation -> notified.incrementAndGet();
    return new Escalations(
        nc,
        counting,
        TicketTracker.NONE,
        store,
        IncidentMetrics.NOOP,
        new Redactor(),
        FAST,
        Clock.systemUTC(),
        Escalations.NO_PULL_REQUESTS,
        List.of());
  }

  private static Evidence evidence(String alertId, int restarts, String logLine) {
    Alert alert =
        new Alert(
            alertId,
            "c-" + alertId,
            "payments",
            "shop",
            Severity.CRITICAL,
            "CrashLoopBackOff",
            null,
            Map.of(),
            null,
            null,
            null,
            null);
    Finding crash =
        new Finding(
            Category.CRASH_LOOP,
            Severity.HIGH,
            "Pod/shop/payments-7d9-x2k",
            "container app restarted " + restarts + " times, last exit code 1",
            List.of("log: " + logLine, "log: DB_PASSWORD=" + SECRET),
            Map.of(
                Finding.ATTR_POD,
                "payments-7d9-x2k",
                Finding.ATTR_RESTART_COUNT,
                Integer.toString(restarts)));
    return new Evidence(
        alert, List.of(SourceReport.ok("kubernetes", List.of(crash), List.of(), null)));
  }

  private static java.util.function.Supplier<JsonNode> published(String alertId) {
    ObjectNode doc = Json.newMapper().createObjectNode();
    doc.put("message_id", "analysis-" + alertId).put("alert_id", alertId);
    return () -> doc;
  }

  private List<ObjectInfo> archived() throws Exception {
    return nc.objectStore(bucket).getList();
  }

  private String text(ObjectInfo info) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    nc.objectStore(bucket).get(info.getObjectName(), out);
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Everything queued for the archive worker has been handled (stored, found stored, or dropped).
   */
  private void awaitArchiveLaneDrained() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var info =
                  nc.jetStreamManagement()
                      .getConsumerInfo(Outbox.ARCHIVES.stream(), Outbox.ARCHIVES.durable());
              assertThat(info.getNumPending()).isZero();
              assertThat(info.getNumAckPending()).isZero();
            });
  }

  @Test
  void archivesAStormOfOneIncidentOnceAndChangedEvidenceOnceMore() throws Exception {
    try (Escalations escalations = escalations(store())) {
      // when 100 alerts of one incident arrive, the pod restarting between them
      for (int i = 0; i < 100; i++) {
        escalations
            .analysed(
                evidence("storm-" + i, 10 + i, "panic: connection refused at 12:00:0" + (i % 10)),
                CRASH,
                published("storm-" + i),
                Map.of())
            .toCompletableFuture()
            .join();
      }
      awaitArchiveLaneDrained();

      // then one bundle, under the plain pod name, holding the first alert's analysis, redacted
      List<ObjectInfo> one = archived();
      assertThat(one)
          .extracting(ObjectInfo::getObjectName)
          .singleElement()
          .satisfies(
              name ->
                  assertThat(name)
                      .startsWith("shop/payments/CrashLoopBackOff/")
                      .endsWith("/payments-7d9-x2k.json"));
      String bundle = text(one.getFirst());
      assertThat(bundle)
          .contains("\"alert_id\":\"storm-0\"")
          .contains("DB_PASSWORD=[REDACTED]")
          .doesNotContain(SECRET);
      // and every alert was escalated all the same (critical), by the escalation worker
      await().atMost(Duration.ofSeconds(30)).until(() -> notified.get() == 100);

      // when the evidence changes (another log line)
      escalations
          .analysed(
              evidence("storm-100", 200, "OOM: cannot allocate"),
              CRASH,
              published("storm-100"),
              Map.of())
          .toCompletableFuture()
          .join();
      escalations
          .analysed(
              evidence("storm-101", 201, "OOM: cannot allocate"),
              CRASH,
              published("storm-101"),
              Map.of())
          .toCompletableFuture()
          .join();
      awaitArchiveLaneDrained();

      // then a second bundle beside the first, once for the two alerts that carry it
      assertThat(archived())
          .extracting(ObjectInfo::getObjectName)
          .anySatisfy(name -> assertThat(name).endsWith("/payments-7d9-x2k.json"))
          .anySatisfy(name -> assertThat(name).endsWith("/payments-7d9-x2k_storm-100.json"))
          .hasSize(2);
    }
  }

  @Test
  void archivesAfterTheCallerReturnedRetryingAStoreThatIsDownAndAcrossARestart() throws Exception {
    // given an object store that refuses writes
    storeDown.set(true);
    Escalations first = escalations(store());

    // when an analysis is handed over, the caller returns at once, and the worker retries
    first
        .analysed(
            evidence("restart-1", 3, "panic: nil map"), CRASH, published("restart-1"), Map.of())
        .toCompletableFuture()
        .join();
    await().atMost(Duration.ofSeconds(30)).until(() -> refused.get() >= 2);
    assertThat(archived()).isEmpty();

    // and the agent stops before the store recovers
    first.close();
    assertThat(
            nc.jetStreamManagement()
                .getStreamInfo(Outbox.ARCHIVES.stream())
                .getStreamState()
                .getMsgCount())
        .as("the archive waits in its stream")
        .isEqualTo(1);

    // when the store recovers and the agent starts again
    storeDown.set(false);
    try (Escalations second = escalations(store())) {
      // then the archive is written by the new worker, once
      await().atMost(Duration.ofSeconds(30)).until(() -> archived().size() == 1);
      awaitArchiveLaneDrained();
      assertThat(archived())
          .extracting(ObjectInfo::getObjectName)
          .singleElement()
          .satisfies(name -> assertThat(name).endsWith("/payments-7d9-x2k.json"));

      // and the same evidence handed over again after the restart (this process has not seen it) is
      // not written again
      second
          .analysed(
              evidence("restart-2", 4, "panic: nil map"), CRASH, published("restart-2"), Map.of())
          .toCompletableFuture()
          .join();
      awaitArchiveLaneDrained();
      assertThat(archived()).hasSize(1);
    }
  }

  @Test
  void dropsAnArchiveAfterItsLastAttemptAndKeepsEscalating() throws Exception {
    // given a store that never comes back, and a lane allowing three attempts
    storeDown.set(true);
    Outbox.Options threeAttempts = FAST.withMaxDeliver(3);
    ArchiveStore store = store();
    try (Outbox lane =
        Outbox.open(
            nc, Outbox.ARCHIVES, threeAttempts, item -> store.put("k", new byte[0], "a", "h"))) {
      lane.start();
      // when an archive is queued
      lane.enqueue(
          new OutboxItem(
              OutboxItem.Action.ARCHIVE,
              null,
              null,
              "gone-1",
              Json.newMapper().createObjectNode().put("message_id", "archive:gone-1")));

      // then it is tried three times and dropped, leaving nothing behind
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  refused.get() == 3
                      && nc.jetStreamManagement()
                              .getStreamInfo(Outbox.ARCHIVES.stream())
                              .getStreamState()
                              .getMsgCount()
                          == 0);
      assertThat(refused.get()).isEqualTo(3);
    }
  }

  /** The analysis as published, handed over only once {@code release} opens. */
  private static java.util.function.Supplier<JsonNode> blocked(
      String alertId, java.util.concurrent.CountDownLatch release) {
    java.util.function.Supplier<JsonNode> doc = published(alertId);
    return () -> {
      try {
        if (!release.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
          throw new IllegalStateException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return doc.get();
    };
  }

  private long archivesQueued() throws Exception {
    return nc.jetStreamManagement()
        .getStreamInfo(Outbox.ARCHIVES.stream())
        .getStreamState()
        .getLastSequence();
  }

  private ArchiveQueue queue(int capacity) {
    return ArchiveQueue.start(
        io.autoagent.core.messaging.JetStreamStores.of(nc),
        new io.autoagent.tools.archive.IncidentArchiver(store(), new Redactor(), Clock.systemUTC()),
        FAST,
        capacity);
  }

  @Test
  void handsANewArchiveOffAndCompletesOnlyOnceItIsQueuedQueueingAStormOnce() throws Exception {
    try (ArchiveQueue queue = queue(ArchiveQueue.HAND_OFF_CAPACITY)) {
      // given a new incident whose bundle cannot be built yet
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      var first =
          queue.offer(evidence("bg-0", 1, "panic: nil map"), CRASH, blocked("bg-0", release));

      // then the caller returned, and nothing is queued while the bundle is being built
      assertThat(first).isNotDone();
      assertThat(archivesQueued()).isZero();

      // when the rest of the storm arrives meanwhile, from many threads
      List<java.util.concurrent.CompletableFuture<Optional<String>>> rest =
          java.util.stream.IntStream.range(1, 50)
              .parallel()
              .mapToObj(
                  i ->
                      queue.offer(
                          evidence("bg-" + i, 1 + i, "panic: nil map"),
                          CRASH,
                          published("bg-" + i)))
              .toList();

      // then each of them is done at once, queueing nothing
      assertThat(rest).allSatisfy(f -> assertThat(f).isCompletedWithValue(Optional.empty()));
      assertThat(first).isNotDone();

      // when the bundle can be built
      release.countDown();

      // then the first completes with its incident once queued, and one archive is written
      assertThat(first.get(30, java.util.concurrent.TimeUnit.SECONDS))
          .hasValueSatisfying(key -> assertThat(key).endsWith("/payments-7d9-x2k"));
      assertThat(archivesQueued()).isEqualTo(1);
      awaitArchiveLaneDrained();
      assertThat(archived()).hasSize(1);
    }
  }

  @Test
  void failsTheHandOffWhenNatsDoesNotConfirmAndQueuesTheIncidentOnTheNextOffer() throws Exception {
    try (ArchiveQueue queue = queue(ArchiveQueue.HAND_OFF_CAPACITY)) {
      // given the archive lane's stream gone (NATS not confirming what is published to it)
      var config =
          nc.jetStreamManagement().getStreamInfo(Outbox.ARCHIVES.stream()).getConfiguration();
      nc.jetStreamManagement().deleteStream(Outbox.ARCHIVES.stream());

      // when a new incident is offered
      var failed = queue.offer(evidence("nc-1", 1, "panic: nil map"), CRASH, published("nc-1"));

      // then its hand-off fails retriably (its alert is redelivered, not acknowledged)
      assertThat(failed)
          .failsWithin(Duration.ofSeconds(30))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withCauseInstanceOf(RetriableException.class);

      // when the lane is back and the same evidence is offered again (the redelivery)
      nc.jetStreamManagement().addStream(config);
      var again = queue.offer(evidence("nc-1", 1, "panic: nil map"), CRASH, published("nc-1"));

      // then it is queued then: stored in the lane's stream (a worker whose stream was deleted
      // under it is another matter, not tested here)
      assertThat(again.get(30, java.util.concurrent.TimeUnit.SECONDS)).isPresent();
      assertThat(archivesQueued()).isEqualTo(1);
    }
  }

  @Test
  void handsOffOnTheCallerWhenTheHandOffIsFull() throws Exception {
    try (ArchiveQueue queue = queue(1)) {
      // given the hand-off thread busy with one incident and its queue holding another
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      var busy = queue.offer(evidence("full-1", 1, "panic: a"), CRASH, blocked("full-1", release));
      var waiting = queue.offer(evidence("full-2", 1, "panic: b"), CRASH, published("full-2"));

      // when a third new incident arrives
      var third = queue.offer(evidence("full-3", 1, "panic: c"), CRASH, published("full-3"));

      // then its caller queued it itself (back-pressure, nothing dropped)
      assertThat(third).isCompleted();
      assertThat(third.get()).isPresent();
      assertThat(busy).isNotDone();

      // and when the hand-off thread goes on, the other two are queued too
      release.countDown();
      assertThat(busy.get(30, java.util.concurrent.TimeUnit.SECONDS)).isPresent();
      assertThat(waiting.get(30, java.util.concurrent.TimeUnit.SECONDS)).isPresent();
      assertThat(archivesQueued()).isEqualTo(3);
    }
  }

  @Test
  void closingStoresWhatTheHandOffHoldsBeforeTheLaneStops() throws Exception {
    // given a new incident's bundle being built when the queue is closed
    ArchiveQueue queue = queue(ArchiveQueue.HAND_OFF_CAPACITY);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    var handedOff =
        queue.offer(evidence("close-1", 1, "panic: nil map"), CRASH, blocked("close-1", release));
    var closed = java.util.concurrent.CompletableFuture.runAsync(queue::close);

    // when the bundle can be built
    assertThat(closed).isNotDone();
    release.countDown();

    // then the close waited for it: it is queued, and its alert may be acknowledged
    closed.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(handedOff).isCompleted();
    assertThat(handedOff.get()).isPresent();
    assertThat(archivesQueued()).isEqualTo(1);
  }
}

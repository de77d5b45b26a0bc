package io.autoagent.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.core.json.Json;
import io.autoagent.core.metrics.AgentMetrics;
import io.autoagent.core.testing.NatsTestServer;
import io.autoagent.core.testing.StreamReader;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runtime's ack policy against a real nats-server: retries, give-up, dead letters, crashes. */
class ConsumerLoopIT {

  private static final Duration ACK_WAIT = Duration.ofSeconds(2);
  private static final ObjectMapper MAPPER = Json.newMapper();
  private static NatsTestServer server;
  private static Connection client;
  private static final ScheduledExecutorService TICKER =
      Executors.newSingleThreadScheduledExecutor();

  @BeforeAll
  static void start() throws Exception {
    server = NatsTestServer.start();
    client = Nats.connect(server.url());
  }

  @AfterAll
  static void stop() throws Exception {
    TICKER.shutdownNow();
    client.close();
    server.close();
  }

  /** A handler driven by a function, recording what the runtime asked of it. */
  private static final class ScriptedHandler implements RequestHandler {
    final Function<Request, Outcome> script;
    final ConcurrentLinkedQueue<Request> seen = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> gaveUp = new ConcurrentLinkedQueue<>();

    ScriptedHandler(Function<Request, Outcome> script) {
      this.script = script;
    }

    @Override
    public Outcome handle(Request request) {
      seen.add(request);
      return script.apply(request);
    }

    @Override
    public void onGiveUp(Request request, String reason) {
      gaveUp.add(reason);
    }
  }

  private static JetStreamConsumers consumers(
      Connection connection, String name, int maxDeliver, RequestHandler handler) throws Exception {
    Envelopes envelopes = new Envelopes(MAPPER, "infrastructure-agent", Clock.systemUTC());
    JetStreamConsumers consumers =
        new JetStreamConsumers(
            connection,
            List.of(
                new ConsumerSpec(
                    Contract.RUNBOOK_EXECUTIONS, name, "runbook.execute." + name, 4, handler)),
            ACK_WAIT,
            maxDeliver,
            TICKER,
            new AgentMetrics("infrastructure-agent"),
            MAPPER,
            envelopes,
            new Publisher(connection));
    consumers.start();
    await().atMost(Duration.ofSeconds(10)).until(consumers::bound);
    return consumers;
  }

  private static ConsumerInfo info(String durable) throws Exception {
    return client.jetStreamManagement().getConsumerInfo(Contract.RUNBOOK_EXECUTIONS, durable);
  }

  private static List<JsonNode> deadLetters(String subject) throws Exception {
    return StreamReader.readAll(client, Contract.AGENT_DATA, "agent.events.infrastructure-agent")
        .stream()
        .map(s -> read(s.body()))
        .filter(n -> n.path("subject").asText().equals(subject))
        .toList();
  }

  private static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void givesUpAfterTheLastDeliveryWithAFailureAnswerAndADeadLetter() throws Exception {
    // given: a handler that always fails transiently, and two deliveries allowed
    ScriptedHandler handler =
        new ScriptedHandler(
            r -> {
              throw new RetriableException("backend down");
            });
    JetStreamConsumers consumers = consumers(client, "retry", 2, handler);

    // when
    client.publish(
        "runbook.execute.retry", "{\"execution_id\":\"x-1\"}".getBytes(StandardCharsets.UTF_8));

    // then
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> deadLetters("runbook.execute.retry").size() == 1);
    assertThat(handler.seen).extracting(Request::delivery).containsExactly(1L, 2L);
    assertThat(handler.seen).extracting(Request::lastDelivery).containsExactly(false, true);
    assertThat(handler.gaveUp)
        .singleElement()
        .asString()
        .contains("gave up after 2 deliveries", "backend down");
    JsonNode letter = deadLetters("runbook.execute.retry").getFirst();
    assertThat(letter.path("payload").asText()).isEqualTo("{\"execution_id\":\"x-1\"}");
    assertThat(letter.path("event_type").asText()).isEqualTo("dead_letter");
    assertThat(letter.path("deliveries").asLong()).isEqualTo(2);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                client
                        .jetStreamManagement()
                        .getConsumerInfo(Contract.RUNBOOK_EXECUTIONS, "retry")
                        .getNumAckPending()
                    == 0);
    consumers.stop(Duration.ofSeconds(2));
  }

  @Test
  void givesUpAtOnceOnAPermanentErrorAndKeepsABinaryPayload() throws Exception {
    ScriptedHandler handler =
        new ScriptedHandler(
            r -> {
              throw new PermanentException("credentials refused");
            });
    JetStreamConsumers consumers = consumers(client, "permanent", 5, handler);
    byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x00, 0x41};

    client.publish("runbook.execute.permanent", garbage);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> deadLetters("runbook.execute.permanent").size() == 1);
    assertThat(handler.seen).hasSize(1);
    JsonNode letter = deadLetters("runbook.execute.permanent").getFirst();
    assertThat(Base64.getDecoder().decode(letter.path("payload_base64").asText()))
        .isEqualTo(garbage);
    assertThat(letter.path("reason").asText()).isEqualTo("credentials refused");
    consumers.stop(Duration.ofSeconds(2));
  }

  @Test
  void aResultPublishedBeforeACrashIsStoredOnceAfterRedelivery() throws Exception {
    // given: an instance that publishes its result, then dies before it can ack
    Connection doomed = Nats.connect(server.url());
    Publisher doomedPublisher = new Publisher(doomed);
    AtomicInteger firstInstanceCalls = new AtomicInteger();
    ScriptedHandler dying =
        new ScriptedHandler(
            r -> {
              firstInstanceCalls.incrementAndGet();
              doomedPublisher.publish(
                  "agent.events.crash-test", "result-" + r.streamSequence(), "done".getBytes());
              try {
                doomed.close(); // the process dies here: no ack ever reaches the server
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Outcome.done();
            });
    JetStreamConsumers first = consumers(doomed, "crash", 5, dying);
    Headers headers = new Headers().put("Nats-Msg-Id", "alert-crash-1");
    client.jetStream().publish("runbook.execute.crash", headers, "{}".getBytes());
    await().atMost(Duration.ofSeconds(10)).until(() -> firstInstanceCalls.get() == 1);
    first.stop(Duration.ofSeconds(1));

    // when: a new instance takes over and gets the redelivery
    Connection survivor = Nats.connect(server.url());
    Publisher survivorPublisher = new Publisher(survivor);
    ScriptedHandler healthy =
        new ScriptedHandler(
            r -> {
              survivorPublisher.publish(
                  "agent.events.crash-test", "result-" + r.streamSequence(), "done".getBytes());
              return Outcome.done();
            });
    JetStreamConsumers second = consumers(survivor, "crash", 5, healthy);

    // then: the redelivered request was handled again, and the stream holds one result
    await().atMost(Duration.ofSeconds(15)).until(() -> healthy.seen.size() == 1);
    assertThat(healthy.seen.peek().delivery()).isEqualTo(2);
    assertThat(healthy.seen.peek().messageId()).isEqualTo("alert-crash-1");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                survivor
                        .jetStreamManagement()
                        .getConsumerInfo(Contract.RUNBOOK_EXECUTIONS, "crash")
                        .getNumAckPending()
                    == 0);
    assertThat(StreamReader.readAll(client, Contract.AGENT_DATA, "agent.events.crash-test"))
        .hasSize(1);
    second.stop(Duration.ofSeconds(2));
    survivor.close();
  }

  @Test
  void bindsAgainWhenItsConsumerIsDeletedUnderIt() throws Exception {
    // given a running loop that has handled one request
    ScriptedHandler handler = new ScriptedHandler(r -> Outcome.done());
    JetStreamConsumers consumers = consumers(client, "rebind", 5, handler);
    client
        .jetStream()
        .publish(
            "runbook.execute.rebind",
            new Headers().put("Nats-Msg-Id", "rebind-1"),
            "{}".getBytes());
    await().atMost(Duration.ofSeconds(10)).until(() -> handler.seen.size() == 1);

    // when an operator deletes its durable consumer, and another request arrives
    client.jetStreamManagement().deleteConsumer(Contract.RUNBOOK_EXECUTIONS, "rebind");
    client
        .jetStream()
        .publish(
            "runbook.execute.rebind",
            new Headers().put("Nats-Msg-Id", "rebind-2"),
            "{}".getBytes());

    // then the loop creates the consumer again and handles the request
    await().atMost(Duration.ofSeconds(20)).until(() -> handler.seen.size() == 2);
    assertThat(handler.seen).extracting(Request::messageId).containsExactly("rebind-1", "rebind-2");
    assertThat(client.jetStreamManagement().getConsumerNames(Contract.RUNBOOK_EXECUTIONS))
        .contains("rebind");
    consumers.stop(Duration.ofSeconds(2));
  }

  @Test
  void stopsAfterThePullInProgressAndLeavesLaterRequestsQueued() throws Exception {
    // given a bound, idle loop
    ScriptedHandler handler = new ScriptedHandler(r -> Outcome.done());
    JetStreamConsumers consumers = consumers(client, "idle-stop", 5, handler);
    await().atMost(Duration.ofSeconds(10)).until(consumers::bound);

    // when it is stopped
    CompletableFuture<Boolean> stopped =
        CompletableFuture.supplyAsync(() -> consumers.stop(Duration.ofSeconds(30)));

    // then it stops once the pull in progress has expired, with nothing in flight
    await().atMost(Duration.ofSeconds(30)).until(stopped::isDone);
    assertThat(stopped.get()).isTrue();

    // and a request published afterwards is neither handled nor held: it waits in the stream
    client
        .jetStream()
        .publish(
            "runbook.execute.idle-stop",
            new Headers().put("Nats-Msg-Id", "idle-stop-1"),
            "{}".getBytes());
    await().atMost(Duration.ofSeconds(5)).until(() -> info("idle-stop").getNumPending() == 1);
    assertThat(info("idle-stop").getNumAckPending()).isZero();
    assertThat(handler.seen).isEmpty();

    // and the next loop handles it
    JetStreamConsumers next = consumers(client, "idle-stop", 5, handler);
    await().atMost(Duration.ofSeconds(10)).until(() -> handler.seen.size() == 1);
    assertThat(handler.seen.peek().delivery()).isEqualTo(1);
    next.stop(Duration.ofSeconds(2));
  }

  @Test
  void finishesAcksAndPublishesTheRequestInHandWhenStopped() throws Exception {
    // given a handler that holds its request until released, then publishes its result
    Publisher results = new Publisher(client);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    ScriptedHandler handler =
        new ScriptedHandler(
            r -> {
              entered.countDown();
              try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                  throw new IllegalStateException("never released");
                }
              } catch (InterruptedException e) {
                interrupted.set(true);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
              }
              results.publish(
                  "agent.events.stop-in-flight", "result-" + r.messageId(), "done".getBytes());
              return Outcome.done();
            });
    JetStreamConsumers consumers = consumers(client, "stop-in-flight", 5, handler);
    client
        .jetStream()
        .publish(
            "runbook.execute.stop-in-flight",
            new Headers().put("Nats-Msg-Id", "in-flight-1"),
            "{}".getBytes());
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    // when the loop is stopped while the request is in hand, and the handler then finishes
    CompletableFuture<Boolean> stopped =
        CompletableFuture.supplyAsync(() -> consumers.stop(Duration.ofSeconds(30)));
    // the stop waits for the request in hand (past the pull's expiry: the loop has stopped)
    await().atMost(Duration.ofSeconds(10)).until(() -> !consumers.bound());
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !stopped.isDone());
    release.countDown();

    // then the stop reports the work finished: handled once, uninterrupted, result stored, acked
    await().atMost(Duration.ofSeconds(30)).until(stopped::isDone);
    assertThat(stopped.get()).isTrue();
    assertThat(interrupted).isFalse();
    assertThat(handler.seen).hasSize(1);
    assertThat(StreamReader.readAll(client, Contract.AGENT_DATA, "agent.events.stop-in-flight"))
        .hasSize(1);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                info("stop-in-flight").getNumAckPending() == 0
                    && info("stop-in-flight").getNumPending() == 0);
  }

  @Test
  void acknowledgesADeferredOutcomeWhenItsStageCompletesKeepingItAliveMeanwhile() throws Exception {
    // given a handler that answers each request at once but defers its acknowledgement
    java.util.Map<String, CompletableFuture<Void>> handOffs =
        new java.util.concurrent.ConcurrentHashMap<>();
    ScriptedHandler handler =
        new ScriptedHandler(
            r ->
                Outcome.doneWhen(
                    handOffs.computeIfAbsent(r.messageId(), id -> new CompletableFuture<>())));
    JetStreamConsumers consumers = consumers(client, "deferred", 5, handler);

    // when more requests arrive than the loop has workers (four)
    for (int i = 0; i < 6; i++) {
      client
          .jetStream()
          .publish(
              "runbook.execute.deferred",
              new Headers().put("Nats-Msg-Id", "d-" + i),
              "{}".getBytes());
    }

    // then every one is handled (a deferred one frees its worker), none is acknowledged, and none
    // is redelivered past AckWait (2 s): the in-progress acks go on
    await().atMost(Duration.ofSeconds(10)).until(() -> handler.seen.size() == 6);
    await()
        .during(ACK_WAIT.multipliedBy(2))
        .atMost(ACK_WAIT.multipliedBy(3))
        .until(() -> handler.seen.size() == 6 && info("deferred").getNumAckPending() == 6);
    assertThat(handler.seen).extracting(Request::delivery).containsOnly(1L);

    // when the hand-offs complete
    handOffs.values().forEach(f -> f.complete(null));

    // then every request is acknowledged, once
    await().atMost(Duration.ofSeconds(5)).until(() -> info("deferred").getNumAckPending() == 0);
    assertThat(info("deferred").getNumPending()).isZero();
    assertThat(handler.seen).hasSize(6);
    consumers.stop(Duration.ofSeconds(2));
  }

  @Test
  void settlesAFailedDeferredOutcomeAsTheHandlersOwnFailure() throws Exception {
    // given a handler whose first hand-off fails retriably later, and whose second succeeds; and
    // one whose hand-off fails permanently
    CompletableFuture<Void> first = new CompletableFuture<>();
    ScriptedHandler handler =
        new ScriptedHandler(
            r -> {
              if (r.messageId().equals("doomed")) {
                return Outcome.doneWhen(
                    CompletableFuture.failedFuture(new PermanentException("bundle rejected")));
              }
              return r.delivery() == 1 ? Outcome.doneWhen(first) : Outcome.done();
            });
    JetStreamConsumers consumers = consumers(client, "deferred-fail", 3, handler);
    client
        .jetStream()
        .publish(
            "runbook.execute.deferred-fail",
            new Headers().put("Nats-Msg-Id", "flaky"),
            "{}".getBytes());
    await().atMost(Duration.ofSeconds(10)).until(() -> handler.seen.size() == 1);

    // when the first hand-off fails (NATS did not confirm)
    first.completeExceptionally(new RetriableException("lane not confirming"));

    // then the request is redelivered, not lost, and acknowledged after its second handling
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                handler.seen.size() == 2
                    && info("deferred-fail").getNumAckPending() == 0
                    && info("deferred-fail").getNumPending() == 0);
    assertThat(handler.seen).extracting(Request::delivery).containsExactly(1L, 2L);
    assertThat(handler.gaveUp).isEmpty();

    // when a hand-off fails permanently
    client
        .jetStream()
        .publish(
            "runbook.execute.deferred-fail",
            new Headers().put("Nats-Msg-Id", "doomed"),
            "{}".getBytes());

    // then it is given up at once, with a dead letter
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> deadLetters("runbook.execute.deferred-fail").size() == 1);
    assertThat(handler.gaveUp).singleElement().asString().contains("bundle rejected");
    consumers.stop(Duration.ofSeconds(2));
  }

  @Test
  void stopWaitsForADeferredOutcomeWithinItsGraceAndLeavesItUnacknowledgedAfter() throws Exception {
    // given a request whose acknowledgement waits for a hand-off
    CompletableFuture<Void> handOff = new CompletableFuture<>();
    ScriptedHandler handler =
        new ScriptedHandler(r -> r.delivery() == 1 ? Outcome.doneWhen(handOff) : Outcome.done());
    JetStreamConsumers consumers = consumers(client, "deferred-stop", 5, handler);
    client
        .jetStream()
        .publish(
            "runbook.execute.deferred-stop",
            new Headers().put("Nats-Msg-Id", "ds-1"),
            "{}".getBytes());
    await().atMost(Duration.ofSeconds(10)).until(() -> handler.seen.size() == 1);

    // when the loop is stopped with a short grace and the hand-off never completes
    assertThat(consumers.stop(Duration.ofMillis(500))).isFalse();

    // then the request is not acknowledged: a new loop gets it again after AckWait
    assertThat(info("deferred-stop").getNumAckPending()).isEqualTo(1);
    ScriptedHandler next = new ScriptedHandler(r -> Outcome.done());
    JetStreamConsumers restarted = consumers(client, "deferred-stop", 5, next);
    await().atMost(Duration.ofSeconds(15)).until(() -> next.seen.size() == 1);
    assertThat(next.seen.peek().delivery()).isEqualTo(2);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> info("deferred-stop").getNumAckPending() == 0);
    restarted.stop(Duration.ofSeconds(2));

    // and when a deferred one completes within the grace, the stop waits for it and acknowledges
    CompletableFuture<Void> inTime = new CompletableFuture<>();
    ScriptedHandler patient = new ScriptedHandler(r -> Outcome.doneWhen(inTime));
    JetStreamConsumers third = consumers(client, "deferred-stop", 5, patient);
    client
        .jetStream()
        .publish(
            "runbook.execute.deferred-stop",
            new Headers().put("Nats-Msg-Id", "ds-2"),
            "{}".getBytes());
    await().atMost(Duration.ofSeconds(10)).until(() -> patient.seen.size() == 1);
    CompletableFuture<Boolean> stopped =
        CompletableFuture.supplyAsync(() -> third.stop(Duration.ofSeconds(30)));
    assertThat(info("deferred-stop").getNumAckPending()).isEqualTo(1);
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> !stopped.isDone());
    inTime.complete(null);
    await().atMost(Duration.ofSeconds(10)).until(stopped::isDone);
    assertThat(stopped.get()).isTrue();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                info("deferred-stop").getNumAckPending() == 0
                    && info("deferred-stop").getNumPending() == 0);
  }
}

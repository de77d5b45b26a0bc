package io.autoagent.tools.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.PermanentException;
import io.autoagent.core.messaging.JetStreamStores;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.RootCause;
import io.autoagent.tools.archive.ArchiveJob;
import io.autoagent.tools.archive.IncidentArchiver;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Incident archives off the alert's path: {@link #offer} hands a new incident's redacted bundle to
 * the {@link Outbox#ARCHIVES} lane (stream {@code incident-archive}, subject {@code
 * autoagent.incident.archive}, durable {@code archive-worker}, work-queue retention), and that
 * lane's worker stores it at its own pace, retrying a store that is down with backoff up to {@link
 * #MAX_ATTEMPTS} attempts. An incident (namespace, workload, reason, day, pod) is handed over once
 * per evidence ({@link IncidentArchiver#evidenceHash}): the rest of a storm costs a hash and a
 * lookup, and its archive is written once. Thread-safe.
 *
 * <p>Building a new incident's bundle and storing it in the lane happen off the alert's worker too,
 * on one hand-off thread: {@link #offer} returns a stage that completes once the bundle is stored
 * durably in the lane, and the alert is acknowledged only then ({@link
 * io.autoagent.core.messaging.Outcome#doneWhen}). The dedupe stays on the caller: an evidence being
 * handed off is marked pending, so the rest of a storm arriving meanwhile queues nothing; a
 * hand-off that fails unmarks it, so a later alert (or the redelivery of this one) queues it. The
 * hand-off holds at most {@link #HAND_OFF_CAPACITY} waiting bundles; beyond that the caller builds
 * and stores its own (back-pressure: nothing is dropped).
 */
public final class ArchiveQueue implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ArchiveQueue.class);

  /**
   * Deliveries of one archive at most: with the default backoff (5 s doubling to 10 min), about 4
   * hours.
   */
  public static final int MAX_ATTEMPTS = 30;

  /** New archives waiting for the hand-off thread at most; more are handed off by their caller. */
  static final int HAND_OFF_CAPACITY = 64;

  /** How long {@link #close} waits for the hand-off to store what it holds. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private final IncidentArchiver archiver;
  private final Outbox lane;

  /** Message ids ({@link ArchiveJob#messageId}) being handed off now. */
  private final Set<String> pending = ConcurrentHashMap.newKeySet();

  private final ThreadPoolExecutor handOff;

  private ArchiveQueue(IncidentArchiver archiver, Outbox lane, int capacity) {
    this.archiver = archiver;
    this.lane = lane;
    this.handOff =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(capacity),
            Thread.ofPlatform().name("archive-hand-off").daemon().factory(),
            // full (or closed): the caller does it, so nothing is dropped
            (task, executor) -> task.run());
  }

  /** Opens the lane (creating its stream when absent) and starts its worker. */
  public static ArchiveQueue start(
      JetStreamStores stores, IncidentArchiver archiver, Outbox.Options options) {
    return start(stores, archiver, options, HAND_OFF_CAPACITY);
  }

  /** With another hand-off capacity (tests: one that fills up). */
  static ArchiveQueue start(
      JetStreamStores stores, IncidentArchiver archiver, Outbox.Options options, int capacity) {
    Outbox lane =
        Outbox.open(
            stores,
            Outbox.ARCHIVES,
            options.withMaxDeliver(MAX_ATTEMPTS),
            item -> store(archiver, item));
    lane.start();
    return new ArchiveQueue(archiver, lane, capacity);
  }

  /**
   * On the alert path, after the analysis is published: hands its archive to the lane unless the
   * same evidence of the incident was handed over (or is being handed over) before. Building the
   * bundle failing is logged and skipped (it never costs the alert): the stage completes empty.
   * NATS not confirming the item completes it with {@link io.autoagent.core.RetriableException}
   * (the alert is redelivered, its answer kept by message id, and the archive queued then).
   *
   * @param analysis the analysis as published; asked for only when the archive is new, on the
   *     hand-off thread
   * @return completes with the incident key queued (empty when nothing new was queued) once it is
   *     stored durably; already complete when nothing new was offered
   */
  public CompletableFuture<Optional<String>> offer(
      Evidence evidence, RootCause rootCause, Supplier<JsonNode> analysis) {
    Optional<ArchiveJob> probe;
    try {
      probe = archiver.probe(evidence, rootCause);
    } catch (RuntimeException e) {
      log.error("Incident archive of alert {} could not be built", evidence.alert().alertId(), e);
      return CompletableFuture.completedFuture(Optional.empty());
    }
    if (probe.isEmpty() || !pending.add(probe.get().messageId())) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    HandOff task =
        new HandOff(probe.get(), evidence, rootCause, analysis, MDC.getCopyOfContextMap());
    handOff.execute(task);
    return task.done;
  }

  /** One new archive: built and stored in the lane by the hand-off thread (or its caller). */
  private final class HandOff implements Runnable {
    final CompletableFuture<Optional<String>> done = new CompletableFuture<>();
    private final ArchiveJob probe;
    private final Evidence evidence;
    private final RootCause rootCause;
    private final Supplier<JsonNode> analysis;
    private final Map<String, String> mdc;

    HandOff(
        ArchiveJob probe,
        Evidence evidence,
        RootCause rootCause,
        Supplier<JsonNode> analysis,
        Map<String, String> mdc) {
      this.probe = probe;
      this.evidence = evidence;
      this.rootCause = rootCause;
      this.analysis = analysis;
      this.mdc = mdc;
    }

    @Override
    public void run() {
      Map<String, String> callers = MDC.getCopyOfContextMap();
      if (mdc != null) {
        MDC.setContextMap(mdc);
      }
      try {
        Optional<String> queued = handOver();
        pending.remove(probe.messageId());
        done.complete(queued);
      } catch (RuntimeException | Error e) {
        pending.remove(probe.messageId());
        done.completeExceptionally(e);
      } finally {
        if (callers != null) {
          MDC.setContextMap(callers);
        } else {
          MDC.clear();
        }
      }
    }

    private Optional<String> handOver() {
      ArchiveJob job;
      try {
        job = archiver.withBundle(probe, evidence, rootCause, analysis);
      } catch (RuntimeException e) {
        log.error("Incident archive of alert {} could not be built", probe.alertId(), e);
        return Optional.empty();
      }
      lane.enqueue(
          new OutboxItem(OutboxItem.Action.ARCHIVE, null, null, job.alertId(), payload(job)));
      archiver.queued(job);
      return Optional.of(job.incident());
    }

    /** Closing and this never ran: its alert is not acknowledged, so it comes again. */
    void abandon() {
      pending.remove(probe.messageId());
      done.completeExceptionally(
          new io.autoagent.core.RetriableException(
              "the archive lane closed before the archive of " + probe.alertId() + " was queued"));
    }
  }

  static ObjectNode payload(ArchiveJob job) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("message_id", job.messageId());
    payload.put("folder", job.folder());
    payload.put("pod", job.pod());
    payload.put("alert_id", job.alertId());
    payload.put("evidence_hash", job.evidenceHash());
    payload.set("bundle", job.bundle());
    return payload;
  }

  private static void store(IncidentArchiver archiver, OutboxItem item) {
    if (item.action() != OutboxItem.Action.ARCHIVE) {
      throw new PermanentException(
          "the archive lane cannot deliver " + item.action() + " " + item.messageId());
    }
    JsonNode p = item.payload();
    ArchiveJob job =
        new ArchiveJob(
            p.path("folder").asText(),
            p.path("pod").isTextual() ? p.path("pod").asText() : null,
            p.path("alert_id").asText(item.alertId()),
            p.path("evidence_hash").asText(),
            p.path("bundle"));
    Optional<String> key = archiver.store(job);
    if (key.isPresent()) {
      log.info("Archived {} (alert {})", key.get(), job.alertId());
    } else {
      log.debug(
          "Archive of {} for alert {}: this evidence is archived already",
          job.incident(),
          job.alertId());
    }
  }

  /**
   * Stores what the hand-off holds (waiting up to 10 s), then stops the worker after its current
   * item; queued archives stay for the next start. A hand-off still waiting after that fails
   * retriably: its alert is not acknowledged and comes again.
   */
  @Override
  public void close() {
    handOff.shutdown();
    try {
      if (!handOff.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        handOff.shutdownNow().forEach(task -> ((HandOff) task).abandon());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      handOff.shutdownNow().forEach(task -> ((HandOff) task).abandon());
    }
    lane.close();
  }
}

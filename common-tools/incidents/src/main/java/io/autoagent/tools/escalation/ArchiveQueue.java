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
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incident archives off the alert's path: {@link #offer} hands a new incident's redacted bundle to
 * the {@link Outbox#ARCHIVES} lane (stream {@code incident-archive}, subject {@code
 * autoagent.incident.archive}, durable {@code archive-worker}, work-queue retention), and that
 * lane's worker stores it at its own pace, retrying a store that is down with backoff up to {@link
 * #MAX_ATTEMPTS} attempts. An incident (namespace, workload, reason, day, pod) is handed over once
 * per evidence ({@link IncidentArchiver#evidenceHash}): the rest of a storm costs a hash and a
 * lookup, and its archive is written once. Thread-safe.
 */
public final class ArchiveQueue implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ArchiveQueue.class);

  /**
   * Deliveries of one archive at most: with the default backoff (5 s doubling to 10 min), about 4
   * hours.
   */
  public static final int MAX_ATTEMPTS = 30;

  private final IncidentArchiver archiver;
  private final Outbox lane;

  private ArchiveQueue(IncidentArchiver archiver, Outbox lane) {
    this.archiver = archiver;
    this.lane = lane;
  }

  /** Opens the lane (creating its stream when absent) and starts its worker. */
  public static ArchiveQueue start(
      JetStreamStores stores, IncidentArchiver archiver, Outbox.Options options) {
    Outbox lane =
        Outbox.open(
            stores,
            Outbox.ARCHIVES,
            options.withMaxDeliver(MAX_ATTEMPTS),
            item -> store(archiver, item));
    lane.start();
    return new ArchiveQueue(archiver, lane);
  }

  /**
   * On the alert path, after the analysis is published: queues its archive unless the same evidence
   * of the incident was queued before. Building the bundle failing is logged and skipped (it never
   * costs the alert); NATS not confirming the item throws {@link
   * io.autoagent.core.RetriableException} (the alert is redelivered, its answer kept by message id,
   * and the archive queued then).
   *
   * @param analysis the analysis as published; asked for only when the archive is new
   * @return the incident key queued, empty when nothing new was queued
   */
  public Optional<String> offer(
      Evidence evidence, RootCause rootCause, Supplier<JsonNode> analysis) {
    Optional<ArchiveJob> job;
    try {
      job = archiver.prepare(evidence, rootCause, analysis);
    } catch (RuntimeException e) {
      log.error("Incident archive of alert {} could not be built", evidence.alert().alertId(), e);
      return Optional.empty();
    }
    if (job.isEmpty()) {
      return Optional.empty();
    }
    lane.enqueue(
        new OutboxItem(
            OutboxItem.Action.ARCHIVE, null, null, job.get().alertId(), payload(job.get())));
    archiver.queued(job.get());
    return Optional.of(job.get().incident());
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

  /** Stops the worker after its current item; queued archives stay for the next start. */
  @Override
  public void close() {
    lane.close();
  }
}

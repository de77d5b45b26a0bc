package io.autoagent.tools.escalation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.core.json.Json;
import io.autoagent.core.llm.JsonRedaction;
import io.autoagent.core.llm.Redactor;
import io.autoagent.core.messaging.JetStreamStores;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable outbox on a JetStream work-queue stream: {@link #enqueue} stores an item, and one
 * worker thread (a durable pull consumer, {@code next()} only when idle) delivers it, retrying with
 * exponential backoff ({@code nakWithDelay}) and no delivery limit, so an integration that is down
 * delays escalations and never loses them. Unacknowledged items survive a restart of the agent or
 * of NATS. Acknowledged items leave the stream. A delivery that runs long (a clone and push) keeps
 * its item with in-progress acks. Each {@link Lane} is a stream and worker of its own, so slow git
 * work never holds Slack messages and tickets back.
 */
public final class Outbox implements AutoCloseable {

  public static final String STREAM = "escalation-outbox";
  public static final String SUBJECT = "autoagent.escalation.outbox";
  public static final String DURABLE = "escalation-worker";

  /** A stream, its subject, the durable consumer and the worker thread's name. */
  public record Lane(String stream, String subject, String durable, String thread) {}

  /** Slack messages and ticket updates. */
  public static final Lane ESCALATIONS = new Lane(STREAM, SUBJECT, DURABLE, "escalation-outbox");

  /** GitOps pull requests to open once the forge and the git remote answer. */
  public static final Lane PULL_REQUESTS =
      new Lane("gitops-outbox", "autoagent.gitops.outbox", "gitops-worker", "gitops-outbox");

  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  /** Incident archives to store, once per incident and evidence. */
  public static final Lane ARCHIVES =
      new Lane(
          "incident-archive", "autoagent.incident.archive", "archive-worker", "archive-worker");

  /**
   * Backoff and polling of the worker; {@code poll} is at least one second. {@code maxDeliver}
   * bounds the attempts of an item (the last failure drops it with an error log); -1 (the default)
   * retries until it is delivered.
   */
  public record Options(
      Duration firstBackoff,
      Duration maxBackoff,
      Duration poll,
      Duration ackWait,
      long maxDeliver) {
    public static final Options DEFAULTS =
        new Options(
            Duration.ofSeconds(5),
            Duration.ofMinutes(10),
            Duration.ofSeconds(2),
            Duration.ofMinutes(2));

    public Options(Duration firstBackoff, Duration maxBackoff, Duration poll, Duration ackWait) {
      this(firstBackoff, maxBackoff, poll, ackWait, -1);
    }

    /** These options with at most {@code attempts} deliveries of an item. */
    public Options withMaxDeliver(long attempts) {
      return new Options(firstBackoff, maxBackoff, poll, ackWait, attempts);
    }

    public Options {
      if (maxDeliver == 0 || maxDeliver < -1) {
        throw new IllegalArgumentException(
            "maxDeliver must be -1 (no limit) or at least 1, got " + maxDeliver);
      }
      Objects.requireNonNull(firstBackoff, "firstBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      Objects.requireNonNull(poll, "poll");
      Objects.requireNonNull(ackWait, "ackWait");
      if (poll.toMillis() < 1000) {
        throw new IllegalArgumentException(
            "poll must be at least 1 s (a jnats next() limit), got " + poll);
      }
    }
  }

  private final JetStreamStores stores;
  private final Lane lane;
  private final Options options;
  private final OutboxDelivery delivery;
  private final Redactor redactor = new Redactor();
  private final ObjectMapper mapper = Json.newMapper();
  private volatile boolean running;
  private Thread worker;

  /** Guards {@link #idle}. */
  private final Object idleLock = new Object();

  /**
   * Whether the worker is pausing after an error, holding no item: then {@link #close} interrupts
   * it rather than waiting out the pause.
   */
  private boolean idle;

  private Outbox(JetStreamStores stores, Lane lane, Options options, OutboxDelivery delivery) {
    this.stores = stores;
    this.lane = lane;
    this.options = options;
    this.delivery = delivery;
  }

  /**
   * The escalations lane; creates its stream when absent; the worker starts with {@link #start()}.
   */
  public static Outbox open(Connection nc, Options options, OutboxDelivery delivery) {
    return open(nc, ESCALATIONS, options, delivery);
  }

  /** Creates the lane's stream when absent; the worker starts with {@link #start()}. */
  public static Outbox open(Connection nc, Lane lane, Options options, OutboxDelivery delivery) {
    return open(JetStreamStores.of(nc), lane, options, delivery);
  }

  /**
   * Creates the lane's stream when absent, with the stores' replica count; the worker starts with
   * {@link #start()}.
   */
  public static Outbox open(
      JetStreamStores stores, Lane lane, Options options, OutboxDelivery delivery) {
    Outbox outbox = new Outbox(stores, lane, options, delivery);
    outbox.ensureStream();
    return outbox;
  }

  private void ensureStream() {
    try {
      stores.stream(
          StreamConfiguration.builder()
              .name(lane.stream())
              .subjects(lane.subject())
              .retentionPolicy(RetentionPolicy.WorkQueue)
              .storageType(StorageType.File)
              .duplicateWindow(Duration.ofMinutes(10))
              .build());
    } catch (IOException e) {
      throw new RetriableException("cannot open stream " + lane.stream() + ": " + e, e);
    } catch (JetStreamApiException e) {
      throw new PermanentException(
          "cannot open stream " + lane.stream() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stores an item; throws {@link RetriableException} when NATS did not confirm it (repeat it:
   * duplicates are dropped).
   */
  public void enqueue(OutboxItem item) {
    try {
      // Redacted as it is stored (serialised once, through the redacting generator): the worker
      // delivers what the stream holds (Slack, tickets, pull requests, archives).
      stores
          .jetStream()
          .publish(
              lane.subject(),
              JsonRedaction.serialize(mapper, item, redactor),
              PublishOptions.builder().messageId(item.messageId()).stream(lane.stream()).build());
    } catch (IOException e) {
      throw new RetriableException("cannot enqueue " + item.messageId() + ": " + e, e);
    } catch (JetStreamApiException e) {
      throw new RetriableException("cannot enqueue " + item.messageId() + ": " + e.getMessage(), e);
    }
  }

  /** Starts the worker thread. */
  public synchronized void start() {
    if (worker != null) {
      return;
    }
    running = true;
    worker = Thread.ofPlatform().name(lane.thread()).daemon().start(this::work);
  }

  private void work() {
    ConsumerContext consumer = null;
    while (running) {
      try {
        if (consumer == null) {
          consumer =
              stores
                  .streamContext(lane.stream())
                  .createOrUpdateConsumer(
                      ConsumerConfiguration.builder()
                          .durable(lane.durable())
                          .ackPolicy(AckPolicy.Explicit)
                          .ackWait(options.ackWait())
                          .maxDeliver(options.maxDeliver())
                          .build());
        }
        Message message = next(consumer);
        if (message != null) {
          handle(message);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        if (!running) {
          return; // closed while waiting
        }
        // NATS down or restarting: keep the loop alive and try again on the next poll.
        log.warn("Outbox worker {}: {}", lane.stream(), e.toString());
        consumer = null;
        pause();
      }
    }
  }

  /**
   * The next item, or null after the poll. Never interrupted: jnats abandons a pull the server
   * still holds when its wait is interrupted, and an item another replica queues just then would
   * wait out AckWait; {@link #close} waits for the poll instead.
   */
  private Message next(ConsumerContext consumer) throws Exception {
    return running ? consumer.next(options.poll()) : null;
  }

  /**
   * Marks the worker idle or busy; false when it should not start waiting (closing). Leaving idle
   * clears an interrupt that {@link #close} sent just as the wait ended: an item in hand is
   * handled.
   */
  private boolean idle(boolean waiting) {
    synchronized (idleLock) {
      if (waiting && !running) {
        return false;
      }
      idle = waiting;
    }
    if (!waiting) {
      // only close() interrupts this thread, and only while it was idle
      Thread.interrupted();
    }
    return true;
  }

  private void handle(Message message) throws IOException {
    OutboxItem item = mapper.readValue(message.getData(), OutboxItem.class);
    long delivered = message.metaData().deliveredCount();
    // a clone and push can outlast the ack wait: keep the item ours while it runs
    Thread keepAlive =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    while (true) {
                      Thread.sleep(Math.max(100, options.ackWait().toMillis() / 3));
                      message.inProgress();
                    }
                  } catch (InterruptedException e) {
                    // delivery ended
                  } catch (RuntimeException e) {
                    log.debug("In-progress ack of {} failed: {}", item.messageId(), e.toString());
                  }
                });
    try {
      delivery.deliver(item);
      message.ack();
    } catch (RetriableException e) {
      if (options.maxDeliver() > 0 && delivered >= options.maxDeliver()) {
        log.error(
            "{} item {} dropped after {} attempts: {}",
            lane.stream(),
            item.messageId(),
            delivered,
            e.getMessage());
        message.term();
        return;
      }
      Duration delay = backoff(delivered);
      log.warn(
          "{} item {} not delivered (attempt {}): {}; again in {}",
          lane.stream(),
          item.messageId(),
          delivered,
          e.getMessage(),
          delay);
      message.nakWithDelay(delay);
    } catch (RuntimeException e) {
      log.error("{} item {} dropped: {}", lane.stream(), item.messageId(), e.toString());
      message.term();
    } finally {
      keepAlive.interrupt();
    }
  }

  Duration backoff(long delivered) {
    long factor = 1L << Math.min(Math.max(delivered - 1, 0), 20);
    Duration delay = options.firstBackoff().multipliedBy(factor);
    return delay.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : delay;
  }

  private void pause() {
    if (!idle(true)) {
      return;
    }
    try {
      Thread.sleep(options.poll().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      idle(false);
    }
  }

  /**
   * Stops the worker after its current item, which is delivered and acknowledged; a worker waiting
   * for the next item stops when its poll ends, one pausing after an error stops at once. Queued
   * items stay for the next start.
   */
  @Override
  public synchronized void close() {
    running = false;
    synchronized (idleLock) {
      if (idle && worker != null) {
        worker.interrupt();
      }
    }
    if (worker != null) {
      try {
        worker.join(options.poll().multipliedBy(3).toMillis() + 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      worker = null;
    }
  }
}

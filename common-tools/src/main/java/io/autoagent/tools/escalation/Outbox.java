package io.autoagent.tools.escalation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.core.json.Json;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
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
 * worker thread (a durable pull consumer, {@code next()} only when idle) delivers it, retrying
 * with exponential backoff ({@code nakWithDelay}) and no delivery limit, so an integration that is
 * down delays escalations and never loses them. Unacknowledged items survive a restart of the
 * agent or of NATS. Acknowledged items leave the stream.
 */
public final class Outbox implements AutoCloseable {

  public static final String STREAM = "escalation-outbox";
  public static final String SUBJECT = "autoagent.escalation.outbox";
  public static final String DURABLE = "escalation-worker";
  private static final int STREAM_NOT_FOUND = 10059;
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  /** Backoff and polling of the worker; {@code poll} is at least one second. */
  public record Options(Duration firstBackoff, Duration maxBackoff, Duration poll, Duration ackWait) {
    public static final Options DEFAULTS =
        new Options(Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofMinutes(2));

    public Options {
      Objects.requireNonNull(firstBackoff, "firstBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      Objects.requireNonNull(poll, "poll");
      Objects.requireNonNull(ackWait, "ackWait");
      if (poll.toMillis() < 1000) {
        throw new IllegalArgumentException("poll must be at least 1 s (a jnats next() limit), got " + poll);
      }
    }
  }

  private final Connection nc;
  private final Options options;
  private final OutboxDelivery delivery;
  private final ObjectMapper mapper = Json.newMapper();
  private volatile boolean running;
  private Thread worker;

  private Outbox(Connection nc, Options options, OutboxDelivery delivery) {
    this.nc = nc;
    this.options = options;
    this.delivery = delivery;
  }

  /** Creates the stream when absent; the worker starts with {@link #start()}. */
  public static Outbox open(Connection nc, Options options, OutboxDelivery delivery) {
    Outbox outbox = new Outbox(nc, options, delivery);
    outbox.ensureStream();
    return outbox;
  }

  private void ensureStream() {
    try {
      JetStreamManagement jsm = nc.jetStreamManagement();
      try {
        jsm.getStreamInfo(STREAM);
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
          throw e;
        }
        jsm.addStream(StreamConfiguration.builder().name(STREAM).subjects(SUBJECT)
            .retentionPolicy(RetentionPolicy.WorkQueue).storageType(StorageType.File)
            .duplicateWindow(Duration.ofMinutes(10)).build());
      }
    } catch (IOException e) {
      throw new RetriableException("cannot open stream " + STREAM + ": " + e, e);
    } catch (JetStreamApiException e) {
      throw new PermanentException("cannot open stream " + STREAM + ": " + e.getMessage(), e);
    }
  }

  /** Stores an item; throws {@link RetriableException} when NATS did not confirm it (repeat it: duplicates are dropped). */
  public void enqueue(OutboxItem item) {
    try {
      nc.jetStream().publish(SUBJECT, Json.bytes(mapper, item),
          PublishOptions.builder().messageId(item.messageId()).stream(STREAM).build());
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
    worker = Thread.ofPlatform().name("escalation-outbox").daemon().start(this::work);
  }

  private void work() {
    ConsumerContext consumer = null;
    while (running) {
      try {
        if (consumer == null) {
          consumer = nc.getStreamContext(STREAM).createOrUpdateConsumer(ConsumerConfiguration.builder()
              .durable(DURABLE).ackPolicy(AckPolicy.Explicit).ackWait(options.ackWait()).maxDeliver(-1).build());
        }
        Message message = consumer.next(options.poll());
        if (message != null) {
          handle(message);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        // NATS down or restarting: keep the loop alive and try again on the next poll.
        log.warn("Escalation outbox worker: {}", e.toString());
        consumer = null;
        pause();
      }
    }
  }

  private void handle(Message message) throws IOException {
    OutboxItem item = mapper.readValue(message.getData(), OutboxItem.class);
    long delivered = message.metaData().deliveredCount();
    try {
      delivery.deliver(item);
      message.ack();
    } catch (RetriableException e) {
      Duration delay = backoff(delivered);
      log.warn("Escalation {} not delivered (attempt {}): {}; again in {}", item.messageId(), delivered,
          e.getMessage(), delay);
      message.nakWithDelay(delay);
    } catch (RuntimeException e) {
      log.error("Escalation {} dropped: {}", item.messageId(), e.toString());
      message.term();
    }
  }

  Duration backoff(long delivered) {
    long factor = 1L << Math.min(Math.max(delivered - 1, 0), 20);
    Duration delay = options.firstBackoff().multipliedBy(factor);
    return delay.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : delay;
  }

  private void pause() {
    try {
      Thread.sleep(options.poll().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops the worker after its current item; queued items stay for the next start. */
  @Override
  public synchronized void close() {
    running = false;
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

package io.autoagent.infra.bench;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The most any agent can do on this machine and server: a bare jnats loop shaped like the agent's
 * runtime (durable pull consumer on a work-queue stream, as many messages pulled as there are free
 * workers, each worker publishing a reply of the request's size with a {@code Nats-Msg-Id} and
 * waiting for its acknowledgement, then acking the request), with no decoding or analysis at all.
 */
final class Baseline implements AutoCloseable {

  static final String REQUESTS = "bench.baseline.requests";
  static final String REPLIES = "bench.baseline.replies";
  static final String REPLY_ID_PREFIX = "reply-";

  private final Connection nc;
  private final int workers;
  private final int replyBytes;
  private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean running = true;
  private Thread loop;

  Baseline(Connection nc, int workers, int replyBytes) {
    this.nc = nc;
    this.workers = workers;
    this.replyBytes = replyBytes;
  }

  void start() throws Exception {
    JetStreamManagement jsm = nc.jetStreamManagement();
    jsm.addStream(
        StreamConfiguration.builder()
            .name("BENCH_BASELINE_REQUESTS")
            .subjects(REQUESTS)
            .retentionPolicy(RetentionPolicy.WorkQueue)
            .storageType(StorageType.File)
            .duplicateWindow(Duration.ofMinutes(30))
            .build());
    jsm.addStream(
        StreamConfiguration.builder()
            .name("BENCH_BASELINE_REPLIES")
            .subjects(REPLIES)
            .storageType(StorageType.File)
            .duplicateWindow(Duration.ofMinutes(30))
            .build());
    jsm.addOrUpdateConsumer(
        "BENCH_BASELINE_REQUESTS",
        ConsumerConfiguration.builder()
            .durable("baseline")
            .ackPolicy(AckPolicy.Explicit)
            .ackWait(Duration.ofSeconds(30))
            .maxAckPending(1000)
            .build());
    ConsumerContext consumer = nc.getConsumerContext("BENCH_BASELINE_REQUESTS", "baseline");
    JetStream js = nc.jetStream();
    Semaphore free = new Semaphore(workers);
    loop =
        Thread.ofPlatform()
            .name("baseline-loop")
            .daemon()
            .start(
                () -> {
                  while (running) {
                    try {
                      if (!free.tryAcquire(1, TimeUnit.SECONDS)) {
                        continue;
                      }
                      int permits = 1 + free.drainPermits();
                      try (FetchConsumer fetch =
                          consumer.fetch(
                              FetchConsumeOptions.builder()
                                  .maxMessages(permits)
                                  .expiresIn(1000)
                                  .build())) {
                        Message m;
                        while (permits > 0 && (m = fetch.nextMessage()) != null) {
                          permits--;
                          Message request = m;
                          pool.execute(
                              () -> {
                                try {
                                  String id = request.getHeaders().getFirst("Nats-Msg-Id");
                                  js.publish(
                                      REPLIES,
                                      null,
                                      new byte[replyBytes],
                                      PublishOptions.builder()
                                          .messageId(REPLY_ID_PREFIX + id)
                                          .build());
                                  request.ack();
                                } catch (Exception e) {
                                  request.nak();
                                } finally {
                                  free.release();
                                }
                              });
                        }
                      } finally {
                        free.release(permits);
                      }
                    } catch (InterruptedException e) {
                      return;
                    } catch (Exception e) {
                      if (running) {
                        System.err.println("baseline: " + e);
                      }
                    }
                  }
                });
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    if (loop != null) {
      loop.join(3000);
    }
    pool.shutdownNow();
  }
}

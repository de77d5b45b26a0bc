package io.autoagent.infra.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backlog of the agent's durable consumers as gauges, read from JetStream every {@code
 * interval} (not on each scrape, so a slow or absent NATS never slows {@code /metrics}): {@value
 * #PENDING} (messages not yet delivered) and {@value #ACK_PENDING} (delivered, not yet
 * acknowledged), tagged {@code stream} and {@code consumer}. NaN until read and while NATS cannot
 * be asked.
 */
public final class ConsumerLagMetrics implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConsumerLagMetrics.class);

  /** Prometheus: {@code agent_consumer_pending}. */
  public static final String PENDING = "agent.consumer.pending";

  /** Prometheus: {@code agent_consumer_ack_pending}. */
  public static final String ACK_PENDING = "agent.consumer.ack_pending";

  /** One durable consumer to watch. */
  public record Durable(String stream, String consumer) {}

  private record Values(double pending, double ackPending) {
    static final Values UNKNOWN = new Values(Double.NaN, Double.NaN);
  }

  private final ScheduledExecutorService scheduler;

  private ConsumerLagMetrics(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /** Registers the gauges and starts reading; {@link #close} stops. */
  public static ConsumerLagMetrics start(
      Connection connection, MeterRegistry registry, List<Durable> durables, Duration interval) {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("consumer-lag").daemon().factory());
    for (Durable d : durables) {
      AtomicReference<Values> values = new AtomicReference<>(Values.UNKNOWN);
      Gauge.builder(PENDING, values, v -> v.get().pending())
          .description("Messages in the stream not yet delivered to the consumer")
          .tags("stream", d.stream(), "consumer", d.consumer())
          .register(registry);
      Gauge.builder(ACK_PENDING, values, v -> v.get().ackPending())
          .description("Messages delivered and not yet acknowledged")
          .tags("stream", d.stream(), "consumer", d.consumer())
          .register(registry);
      scheduler.scheduleWithFixedDelay(
          () -> values.set(read(connection, d)), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
    return new ConsumerLagMetrics(scheduler);
  }

  private static Values read(Connection connection, Durable d) {
    if (connection.getStatus() != Connection.Status.CONNECTED) {
      return Values.UNKNOWN;
    }
    try {
      JetStreamManagement jsm = connection.jetStreamManagement();
      ConsumerInfo info = jsm.getConsumerInfo(d.stream(), d.consumer());
      return new Values(info.getNumPending(), info.getNumAckPending());
    } catch (Exception e) {
      // the consumer may not exist yet (created when the first pull starts): unknown, not zero
      log.debug("Cannot read consumer {} on {}: {}", d.consumer(), d.stream(), e.toString());
      return Values.UNKNOWN;
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}

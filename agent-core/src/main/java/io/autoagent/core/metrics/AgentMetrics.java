package io.autoagent.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's metrics: per-subject counters and timings, in-flight work, JVM and process metrics,
 * exposed in Prometheus text on {@code /metrics}. Also keeps the totals the status heartbeat
 * reports. Tags are low-cardinality only (subjects, outcomes), never alert or pod names.
 */
public final class AgentMetrics implements AutoCloseable {

  public static final String MESSAGES_PROCESSED = "agent.messages.processed";
  public static final String MESSAGES_FAILED = "agent.messages.failed";
  public static final String PROCESSING_TIME = "agent.processing.time";
  public static final String IN_FLIGHT = "agent.messages.inflight";
  public static final String ERRORS = "agent.errors";

  private final PrometheusMeterRegistry registry;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder processed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

  public AgentMetrics(String agentName) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("agent", agentName);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    registry.gauge(IN_FLIGHT, inFlight);
  }

  /** The registry, for agent-specific meters. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  public void started() {
    inFlight.incrementAndGet();
  }

  /**
   * A delivery finished. {@code outcome} is {@code done}, {@code rejected}, {@code given_up} or
   * {@code retry}. Answered requests (all but retry) count as processed in the heartbeat; rejected
   * and given-up ones also count as failed.
   */
  public void finished(String subject, String outcome, Duration took) {
    inFlight.decrementAndGet();
    if (!"retry".equals(outcome)) {
      processed.increment();
    }
    if ("rejected".equals(outcome) || "given_up".equals(outcome)) {
      failed.increment();
    }
    String name =
        "done".equals(outcome) || "rejected".equals(outcome) ? MESSAGES_PROCESSED : MESSAGES_FAILED;
    Counter.builder(name)
        .tag("subject", subject)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    Timer.builder(PROCESSING_TIME)
        .tag("subject", subject)
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  /** An unexpected error (exception, failed publication); counted, never fatal. */
  public void error(String where) {
    errors.increment();
    Counter.builder(ERRORS).tag("where", where).register(registry).increment();
  }

  public long processedTotal() {
    return processed.sum();
  }

  public long failedTotal() {
    return failed.sum();
  }

  public long errorsTotal() {
    return errors.sum();
  }

  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}

package io.autoagent.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.config.AgentConfig;
import io.autoagent.core.health.HealthServer;
import io.autoagent.core.messaging.ConsumerSpec;
import io.autoagent.core.messaging.Endpoint;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.messaging.JetStreamConsumers;
import io.autoagent.core.messaging.NatsTransport;
import io.autoagent.core.messaging.ServiceRegistration;
import io.autoagent.core.metrics.AgentMetrics;
import io.autoagent.core.status.StatusReporter;
import io.autoagent.core.status.Version;
import io.nats.client.Connection;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running agent process on top of its {@link NatsTransport}: the JetStream consumers, the
 * Service API registration, the status heartbeat and the health endpoint. The agent builds
 * everything else before (config, transport, tools, handlers) and hands the handlers in; {@link
 * #close} shuts down gracefully (stop pulling, let in-flight work finish within the grace period,
 * publish {@code inactive}). The transport is the agent's to close, after the runtime.
 */
public final class AgentRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AgentRuntime.class);

  private final AgentConfig config;
  private final NatsTransport transport;
  private final JetStreamConsumers consumers;
  private final StatusReporter status;
  private final HealthServer health;
  private final ScheduledExecutorService scheduler;
  private final AgentMetrics metrics;
  private final ServiceRegistration registration;
  private volatile boolean closed;

  private AgentRuntime(
      AgentConfig config,
      NatsTransport transport,
      JetStreamConsumers consumers,
      StatusReporter status,
      HealthServer health,
      ScheduledExecutorService scheduler,
      AgentMetrics metrics,
      ServiceRegistration registration) {
    this.registration = registration;
    this.config = config;
    this.transport = transport;
    this.consumers = consumers;
    this.status = status;
    this.health = health;
    this.scheduler = scheduler;
    this.metrics = metrics;
  }

  /** The agent's heartbeat: its name, instance, NATS state and its other connections. */
  public static StatusReporter statusReporter(
      AgentConfig config,
      ObjectMapper mapper,
      Envelopes envelopes,
      NatsTransport transport,
      AgentMetrics metrics,
      Supplier<Map<String, String>> connections) {
    return statusReporter(config, mapper, envelopes, transport, metrics, connections, List::of);
  }

  /**
   * As above, with {@code problems}: why the agent cannot do its whole job although its connections
   * are up (an empty runbook library), which makes the heartbeat {@code degraded}.
   */
  public static StatusReporter statusReporter(
      AgentConfig config,
      ObjectMapper mapper,
      Envelopes envelopes,
      NatsTransport transport,
      AgentMetrics metrics,
      Supplier<Map<String, String>> connections,
      Supplier<List<String>> problems) {
    return new StatusReporter(
        mapper,
        envelopes,
        transport.publisher(),
        metrics,
        config.agentName(),
        config.instanceId(),
        transport::connected,
        connections,
        problems,
        config.statusInterval());
  }

  /**
   * Starts the health endpoint, registers {@code endpoints} with the NATS Service API, and starts
   * pulling {@code consumers} (streams and durable consumers are ensured by each loop, with
   * retries) and the heartbeat.
   */
  public static AgentRuntime start(
      AgentConfig config,
      NatsTransport transport,
      ObjectMapper mapper,
      Envelopes envelopes,
      AgentMetrics metrics,
      StatusReporter status,
      List<ConsumerSpec> consumerSpecs,
      List<Endpoint> endpoints)
      throws IOException {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("agent-ticker").daemon().factory());
    JetStreamConsumers consumers =
        new JetStreamConsumers(
            transport.stores(),
            consumerSpecs,
            config.ackWait(),
            config.maxDeliver(),
            scheduler,
            metrics,
            mapper,
            envelopes,
            transport.publisher());
    HealthServer health;
    try {
      health =
          new HealthServer(
              config.healthPort(), () -> transport.connected() && consumers.bound(), metrics);
    } catch (IOException | RuntimeException e) {
      scheduler.shutdownNow();
      throw e;
    }
    transport.onError(() -> metrics.error("nats"));
    // Tell watchers at once when NATS comes back; the ticker also catches it within a second.
    transport.onStateChange(
        () -> {
          if (!scheduler.isShutdown()) {
            scheduler.execute(() -> safely(status::tick));
          }
        });
    ServiceRegistration registration =
        transport.register(
            config.agentName(),
            Version.current(),
            config.agentName() + " (instance " + config.instanceId() + ")",
            endpoints);
    consumers.start();
    scheduler.scheduleAtFixedRate(() -> safely(status::tick), 0, 1, TimeUnit.SECONDS);
    log.info(
        "{} {} started: NATS {}, health on :{}, {} workers",
        config.agentName(),
        config.instanceId(),
        config.nats().serversForLog(),
        health.port(),
        config.workers());
    return new AgentRuntime(
        config, transport, consumers, status, health, scheduler, metrics, registration);
  }

  private static void safely(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.warn("Heartbeat failed: {}", e.toString());
    }
  }

  public Connection connection() {
    return transport.connection();
  }

  public NatsTransport transport() {
    return transport;
  }

  public StatusReporter status() {
    return status;
  }

  public int healthPort() {
    return health.port();
  }

  public boolean ready() {
    return transport.connected() && consumers.bound();
  }

  /** Graceful shutdown; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    log.info("Shutting down: no new requests, {} in flight", metrics.inFlight());
    registration.close();
    boolean idle = consumers.stop(config.shutdownGrace());
    if (!idle) {
      log.warn(
          "In-flight work did not finish within {}; it will be redelivered",
          config.shutdownGrace());
    }
    scheduler.shutdownNow();
    safely(status::sendInactive);
    health.close();
    log.info("{} {} stopped", config.agentName(), config.instanceId());
  }
}

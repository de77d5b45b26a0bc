package io.autoagent.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.config.AgentConfig;
import io.autoagent.core.health.HealthServer;
import io.autoagent.core.messaging.ConsumerSpec;
import io.autoagent.core.messaging.Endpoint;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.messaging.JetStreamConsumers;
import io.autoagent.core.messaging.Publisher;
import io.autoagent.core.messaging.ServiceRegistration;
import io.autoagent.core.metrics.AgentMetrics;
import io.autoagent.core.status.StatusReporter;
import io.autoagent.core.status.Version;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running agent process: the NATS connection, the JetStream consumers, the status heartbeat
 * and the health endpoint. Built by {@link #start}; {@link #close} shuts down gracefully (stop
 * pulling, let in-flight work finish within the grace period, publish {@code inactive}, drain).
 */
public final class AgentRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AgentRuntime.class);

  /** What an agent plugs into the runtime. */
  public interface Wiring {
    /** The consumers to pull, built once the connection and publisher exist. */
    List<ConsumerSpec> consumers(Connection connection, Publisher publisher, Envelopes envelopes);

    /** The agent's other connections for the heartbeat ({@code kubernetes}: {@code ok}, ...). */
    default Map<String, String> connections() {
      return Map.of();
    }

    /**
     * Request/reply endpoints to register with the NATS Service API, called once after {@link
     * #consumers}; {@code status} answers status queries.
     */
    default List<Endpoint> endpoints(StatusReporter status) {
      return List.of();
    }

    /** Why the agent is degraded though its connections are up, one sentence each; empty when it is not. */
    default List<String> problems() {
      return List.of();
    }
  }

  private final AgentConfig config;
  private final Connection connection;
  private final JetStreamConsumers consumers;
  private final StatusReporter status;
  private final HealthServer health;
  private final ScheduledExecutorService scheduler;
  private final AgentMetrics metrics;
  private final ServiceRegistration registration;
  private volatile boolean closed;

  private AgentRuntime(
      AgentConfig config,
      Connection connection,
      JetStreamConsumers consumers,
      StatusReporter status,
      HealthServer health,
      ScheduledExecutorService scheduler,
      AgentMetrics metrics,
      ServiceRegistration registration) {
    this.registration = registration;
    this.config = config;
    this.connection = connection;
    this.consumers = consumers;
    this.status = status;
    this.health = health;
    this.scheduler = scheduler;
    this.metrics = metrics;
  }

  /**
   * Connects (retrying in the background while NATS is unreachable), ensures the contract's
   * streams and consumers, and starts pulling, the heartbeat and the health endpoint.
   */
  public static AgentRuntime start(
      AgentConfig config, ObjectMapper mapper, AgentMetrics metrics, Clock clock, Wiring wiring)
      throws IOException, InterruptedException {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("agent-ticker").daemon().factory());
    // Health first: /healthz answers (and /readyz says not ready) while NATS is still unreachable.
    AtomicReference<BooleanSupplier> readiness = new AtomicReference<>(() -> false);
    HealthServer health = new HealthServer(config.healthPort(), () -> readiness.get().getAsBoolean(), metrics);
    StatusReporter[] statusRef = new StatusReporter[1];
    Connection connection;
    try {
      connection = Nats.connectReconnectOnConnect(natsOptions(config, metrics, scheduler, statusRef));
    } catch (IOException | InterruptedException | RuntimeException e) {
      health.close();
      scheduler.shutdownNow();
      throw e;
    }
    Publisher publisher = new Publisher(connection);
    Envelopes envelopes = new Envelopes(mapper, config.agentName(), clock);
    JetStreamConsumers consumers =
        new JetStreamConsumers(
            connection,
            wiring.consumers(connection, publisher, envelopes),
            config.ackWait(),
            config.maxDeliver(),
            scheduler,
            metrics,
            mapper,
            envelopes,
            publisher);
    BooleanSupplier natsUp = () -> connection.getStatus() == Connection.Status.CONNECTED;
    StatusReporter status =
        new StatusReporter(
            mapper,
            envelopes,
            publisher,
            metrics,
            config.agentName(),
            config.instanceId(),
            natsUp,
            wiring::connections,
            wiring::problems,
            config.statusInterval());
    statusRef[0] = status;
    readiness.set(() -> natsUp.getAsBoolean() && consumers.bound());
    ServiceRegistration registration =
        ServiceRegistration.start(
            connection,
            config.agentName(),
            Version.current(),
            config.agentName() + " (instance " + config.instanceId() + ")",
            wiring.endpoints(status));
    consumers.start();
    scheduler.scheduleAtFixedRate(() -> safely(status::tick), 0, 1, TimeUnit.SECONDS);
    log.info(
        "{} {} started: NATS {}, health on :{}, {} workers",
        config.agentName(),
        config.instanceId(),
        config.natsUrl(),
        health.port(),
        config.workers());
    return new AgentRuntime(config, connection, consumers, status, health, scheduler, metrics, registration);
  }

  private static Options natsOptions(
      AgentConfig config,
      AgentMetrics metrics,
      ScheduledExecutorService scheduler,
      StatusReporter[] statusRef) {
    ConnectionListener.Events[] lastEvent = new ConnectionListener.Events[1];
    ConnectionListener onChange =
        (conn, event) -> {
          // jnats repeats DISCONNECTED for every failed reconnect attempt: log transitions only.
          if (event != lastEvent[0]) {
            lastEvent[0] = event;
            if (event == ConnectionListener.Events.DISCONNECTED) {
              log.warn("NATS connection lost ({}); reconnecting", config.natsUrl());
            } else {
              log.info("NATS connection: {}", event);
            }
          }
          // Tell watchers at once when NATS comes back; the ticker also catches it within a second.
          StatusReporter status = statusRef[0];
          if (status != null) {
            scheduler.execute(() -> safely(status::tick));
          }
        };
    ErrorListener onError =
        new ErrorListener() {
          @Override
          public void errorOccurred(Connection conn, String error) {
            metrics.error("nats");
            log.warn("NATS error: {}", error);
          }

          @Override
          public void exceptionOccurred(Connection conn, Exception exp) {
            log.debug("NATS exception: {}", exp.toString());
          }
        };
    return Options.builder()
        .servers(config.natsUrl().split(","))
        .connectionName(config.agentName() + "/" + config.instanceId())
        .maxReconnects(-1)
        .reconnectWait(Duration.ofSeconds(1))
        .connectionTimeout(Duration.ofSeconds(5))
        .connectionListener(onChange)
        .errorListener(onError)
        .build();
  }

  private static void safely(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.warn("Heartbeat failed: {}", e.toString());
    }
  }

  public Connection connection() {
    return connection;
  }

  public StatusReporter status() {
    return status;
  }

  public int healthPort() {
    return health.port();
  }

  public boolean ready() {
    return connection.getStatus() == Connection.Status.CONNECTED && consumers.bound();
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
      log.warn("In-flight work did not finish within {}; it will be redelivered", config.shutdownGrace());
    }
    scheduler.shutdownNow();
    safely(status::sendInactive);
    try {
      connection.drain(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.debug("Drain did not complete: {}", e.toString());
    }
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    health.close();
    log.info("{} {} stopped", config.agentName(), config.instanceId());
  }
}

package io.autoagent.core.messaging;

import io.autoagent.core.config.NatsSettings;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's NATS connection and everything made from it: the JetStream contexts, streams, KV
 * buckets and object stores ({@link #stores()}, with the configured domain and replica count), the
 * {@link Publisher}, the Service API registration, and whatever else is handed to {@link #own}.
 * Built from {@link NatsSettings} through {@link NatsOptions}; reconnects forever with backoff and
 * jitter, and logs each disconnect and reconnect once with the server and the reason. {@link
 * #close} closes what it owns in reverse order, then drains and closes the connection.
 */
public final class NatsTransport implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NatsTransport.class);

  private final NatsSettings settings;
  private final Connection connection;
  private final JetStreamStores stores;
  private final Publisher publisher;
  private final StateLog events;
  private final Deque<AutoCloseable> owned = new ArrayDeque<>();
  private boolean closed;

  private NatsTransport(NatsSettings settings, Connection connection, StateLog events)
      throws IOException {
    this.settings = settings;
    this.connection = connection;
    this.events = events;
    this.stores = new JetStreamStores(connection, settings.streamReplicas(), settings.jsDomain());
    this.publisher = new Publisher(stores);
  }

  /**
   * Connects. A server that cannot be reached is retried in the background (the agent starts and
   * turns ready once connected); a server that refuses the TLS handshake or the credentials stops
   * start-up with a {@link io.autoagent.core.config.ConfigException} naming the setting.
   */
  public static NatsTransport connect(NatsSettings settings)
      throws IOException, InterruptedException {
    StateLog events = new StateLog(settings);
    Options options =
        NatsOptions.builder(settings).connectionListener(events).errorListener(events).build();
    Connection connection;
    try {
      connection = Nats.connect(options);
    } catch (IOException first) {
      NatsConnectFailures.throwIfPermanent(settings, first, events.lastException);
      log.warn(
          "NATS at {} is not reachable yet ({}); retrying in the background",
          settings.serversForLog(),
          NatsConnectFailures.reason(first));
      connection = Nats.connectReconnectOnConnect(options);
    }
    log.info(
        "NATS {} as {} (auth {}, TLS {}, {} replica(s){})",
        settings.serversForLog(),
        settings.connectionName(),
        settings.authMethod(),
        settings.tls() ? "on" : "off",
        settings.streamReplicas(),
        settings.jsDomain() == null ? "" : ", JetStream domain " + settings.jsDomain());
    return new NatsTransport(settings, connection, events);
  }

  /**
   * One connect attempt with {@code options} (built from {@code settings}), for short-lived clients
   * such as the CLI: a refused handshake or refused credentials throw {@link
   * io.autoagent.core.config.ConfigException} naming the setting, anything else the IOException.
   */
  public static Connection connectOnce(NatsSettings settings, Options options)
      throws IOException, InterruptedException {
    try {
      return Nats.connect(options);
    } catch (IOException e) {
      NatsConnectFailures.throwIfPermanent(settings, e, null);
      throw e;
    }
  }

  public NatsSettings settings() {
    return settings;
  }

  public Connection connection() {
    return connection;
  }

  /** JetStream contexts and the creation of streams, buckets and object stores. */
  public JetStreamStores stores() {
    return stores;
  }

  public Publisher publisher() {
    return publisher;
  }

  public boolean connected() {
    return connection.getStatus() == Connection.Status.CONNECTED;
  }

  /**
   * Runs {@code listener} on every change of the connection's state (on jnats's thread: keep it
   * short).
   */
  public void onStateChange(Runnable listener) {
    events.listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Runs {@code listener} on every asynchronous error the server reports (to count them). */
  public void onError(Runnable listener) {
    events.errorListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Registers with the NATS Service API; the registration ends when the transport closes, or
   * before.
   */
  public ServiceRegistration register(
      String name, String version, String description, List<Endpoint> endpoints) {
    return own(ServiceRegistration.start(connection, name, version, description, endpoints));
  }

  /**
   * Closes {@code resource} when the transport closes, before the connection (last owned, first
   * closed).
   */
  public synchronized <T extends AutoCloseable> T own(T resource) {
    owned.push(Objects.requireNonNull(resource, "resource"));
    return resource;
  }

  /** Closes what it owns in reverse order, then drains and closes the connection; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    while (!owned.isEmpty()) {
      AutoCloseable resource = owned.pop();
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
    try {
      if (connected()) {
        connection.drain(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      log.debug("Drain did not complete: {}", e.toString());
    }
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Logs each disconnect and reconnect once (jnats repeats DISCONNECTED per failed attempt). */
  static final class StateLog implements ConnectionListener, ErrorListener {

    private final NatsSettings settings;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> errorListeners = new CopyOnWriteArrayList<>();
    private volatile Kind last;
    private volatile String lastServer;
    volatile Exception lastException;

    enum Kind {
      UP,
      DOWN,
      CLOSED
    }

    StateLog(NatsSettings settings) {
      this.settings = settings;
    }

    @Override
    public void connectionEvent(Connection conn, ConnectionListener.Events event) {
      String server = conn.getConnectedUrl();
      if (server != null) {
        lastServer = server;
      }
      Kind kind =
          switch (event) {
            case CONNECTED, RECONNECTED, RESUBSCRIBED -> Kind.UP;
            case DISCONNECTED -> Kind.DOWN;
            case CLOSED -> Kind.CLOSED;
            default -> last;
          };
      if (kind != last && kind != null) {
        Kind previous = last;
        last = kind;
        if (kind == Kind.DOWN) {
          log.warn(
              "NATS connection to {} lost ({}); reconnecting with backoff",
              lastServer != null ? lastServer : settings.serversForLog(),
              reason(conn));
        } else if (kind == Kind.UP && previous == Kind.DOWN) {
          log.info("NATS reconnected to {}", server);
        } else if (kind == Kind.UP) {
          log.info("NATS connected to {}", server);
        } else if (kind == Kind.CLOSED) {
          log.info("NATS connection closed");
        }
      }
      listeners.forEach(
          l -> {
            try {
              l.run();
            } catch (RuntimeException e) {
              log.debug("Connection listener failed: {}", e.toString());
            }
          });
    }

    private String reason(Connection conn) {
      Exception e = lastException;
      if (e != null) {
        return NatsConnectFailures.reason(e);
      }
      String error = conn.getLastError();
      return error == null || error.isBlank()
          ? "connection closed by the server or the network"
          : error;
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
      log.warn("NATS error from {}: {}", conn.getConnectedUrl(), error);
      errorListeners.forEach(Runnable::run);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
      lastException = exp;
      log.debug("NATS exception: {}", exp.toString());
    }
  }
}

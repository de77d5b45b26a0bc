package io.autoagent.core.testing;

import io.nats.NatsServerRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.awaitility.Awaitility;

/**
 * A real {@code nats-server} with JetStream for one test class, on a random port with its own store
 * directory, that can be stopped and restarted on the same port and store (durable state survives,
 * as in production).
 */
public final class NatsTestServer implements AutoCloseable {

  /** Larger than the agents' 1 MiB default, so oversized requests reach the agent to be refused. */
  private static final String MAX_PAYLOAD = "8MB";

  private final int port;
  private final Path storeDir;

  /**
   * Unique per server: its INFO line names it, so a server of another test JVM that won the race
   * for the same free port is never mistaken for this one.
   */
  private final String name = "test-" + java.util.UUID.randomUUID();

  private NatsServerRunner runner;

  private NatsTestServer(int port, Path storeDir) {
    this.port = port;
    this.storeDir = storeDir;
  }

  public static NatsTestServer start() {
    try {
      Path dir =
          Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "nats-js-");
      NatsTestServer server = new NatsTestServer(freePort(), dir);
      server.startRunner();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void startRunner() throws IOException {
    runner =
        NatsServerRunner.builder()
            .port(port)
            .configInserts(
                List.of(
                    "server_name: \"" + name + "\"",
                    "max_payload: " + MAX_PAYLOAD,
                    "jetstream {",
                    "  store_dir: \"" + storeDir + "\"",
                    "}"))
            .outputLevel(Level.WARNING)
            // The runner's own check reads until the server's first PING, which nats-server sends
            // two seconds after a client connects: two seconds lost on every start. The server is
            // ready once it greets a client with INFO; awaitInfo checks exactly that.
            .skipConnectValidate()
            .build();
    awaitInfo();
  }

  /**
   * Waits until this server (by name) accepts a connection and greets it with its INFO line; a
   * server that could not bind its port never does, and the wait fails naming the port.
   */
  private void awaitInfo() {
    Awaitility.await("nats-server " + name + " on port " + port + " greets a client with INFO")
        .atMost(Duration.ofSeconds(15))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .ignoreExceptions()
        .until(this::greets);
  }

  private boolean greets() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      socket.setSoTimeout(5000);
      String greeting =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      return greeting != null
          && greeting.startsWith("INFO ")
          && greeting.contains("\"server_name\":\"" + name + "\"");
    }
  }

  public String url() {
    return "nats://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Stops the server; its store stays for {@link #restart}. */
  public void stop() {
    try {
      if (runner != null) {
        runner.shutdown(true);
        runner = null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the server again on the same port and store. */
  public void restart() {
    stop();
    try {
      startRunner();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}

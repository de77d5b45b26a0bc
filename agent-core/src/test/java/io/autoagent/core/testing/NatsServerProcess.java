package io.autoagent.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A {@code nats-server} process started from a configuration file the test writes (TLS, operator
 * mode, tokens, cluster routes), on a random loopback port. It can be killed (SIGKILL, as a crash)
 * and started again on the same ports and store. Its output goes to a log file beside the config.
 */
public final class NatsServerProcess implements AutoCloseable {

  private static final String BINARY = "/usr/sbin/nats-server";
  private final Path dir;
  private final Path config;
  private final int port;
  private Process process;

  private NatsServerProcess(Path dir, Path config, int port) {
    this.dir = dir;
    this.config = config;
    this.port = port;
  }

  /**
   * Writes {@code body} (without {@code port}/{@code listen}, which are added) and starts the
   * server.
   *
   * @param dir where the config, its log and (if the body says so) its store live
   */
  public static NatsServerProcess start(Path dir, int port, String body) {
    try {
      Files.createDirectories(dir);
      Path config = dir.resolve("nats.conf");
      Files.writeString(config, "listen: \"127.0.0.1:" + port + "\"\n" + body);
      NatsServerProcess server = new NatsServerProcess(dir, config, port);
      server.launch();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts (again) with the same config. */
  public synchronized void launch() {
    try {
      process =
          new ProcessBuilder(List.of(BINARY, "-c", config.toString()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nats.log").toFile()))
              .start();
      // a test JVM that stops without closing its servers does not leave them running
      ProcessHandle handle = process.toHandle();
      Runtime.getRuntime().addShutdownHook(new Thread(handle::destroyForcibly));
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "nats-server exited: " + Files.readString(dir.resolve("nats.log")));
        }
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 200);
          return;
        } catch (IOException notYet) {
          Thread.onSpinWait();
        }
      }
      throw new IllegalStateException("nats-server did not listen on " + port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL: a crash, nothing flushed. */
  public synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  public int port() {
    return port;
  }

  public String url(String scheme) {
    return scheme + "://127.0.0.1:" + port;
  }

  public String url() {
    return url("nats");
  }

  public Path dir() {
    return dir;
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("nats.log"));
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    kill();
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

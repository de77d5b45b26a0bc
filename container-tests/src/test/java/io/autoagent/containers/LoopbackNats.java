package io.autoagent.containers;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A {@code nats-server} with JetStream listening on 127.0.0.1 only, on a random port with its own
 * store (state left by an earlier run would answer requests as duplicates): the containers share
 * the host's network, so all traffic stays on loopback.
 */
final class LoopbackNats implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path dir;

  private LoopbackNats(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** Starts a server with a new, empty store in a new directory under {@code parent}. */
  static LoopbackNats start(Path parent) throws IOException {
    Files.createDirectories(parent);
    Path dir = Files.createTempDirectory(parent, "nats-");
    int port = freePort();
    Process process =
        new ProcessBuilder(
                binary(),
                "-js",
                "-a",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-sd",
                dir.resolve("store").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nats-server.log").toFile())
            .start();
    LoopbackNats nats = new LoopbackNats(process, port, dir);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "nats-server exited: " + Files.readString(dir.resolve("nats-server.log")));
              }
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
              } catch (IOException e) {
                return false;
              }
            });
    return nats;
  }

  String url() {
    return "nats://127.0.0.1:" + port;
  }

  /** Stops the server and deletes its store. */
  @Override
  public void close() throws InterruptedException, IOException {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "nats-server"))) {
        return Path.of(dir, "nats-server").toString();
      }
    }
    if (Files.isExecutable(Path.of("/usr/sbin/nats-server"))) {
      return "/usr/sbin/nats-server";
    }
    throw new IllegalStateException("nats-server is not on PATH (apt-get install nats-server)");
  }
}

package io.autoagent.core.testing;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.Replica;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A three-node JetStream cluster of {@code nats-server} processes with routes on random loopback
 * ports, for drills: a node can be killed (SIGKILL) with its store deleted and started again empty,
 * or restarted with its store.
 */
public final class NatsCluster implements AutoCloseable {

  private final Path dir;
  private final List<NatsServerProcess> nodes = new ArrayList<>();

  private NatsCluster(Path dir) {
    this.dir = dir;
  }

  public static NatsCluster start(Path dir, int size) {
    NatsCluster cluster = new NatsCluster(dir);
    int[] clientPorts = new int[size];
    int[] routePorts = new int[size];
    for (int i = 0; i < size; i++) {
      clientPorts[i] = NatsServerProcess.freePort();
      routePorts[i] = NatsServerProcess.freePort();
    }
    String routes =
        java.util.Arrays.stream(routePorts)
            .mapToObj(p -> "nats://127.0.0.1:" + p)
            .collect(Collectors.joining(", "));
    for (int i = 0; i < size; i++) {
      Path node = dir.resolve(name(i));
      cluster.nodes.add(
          NatsServerProcess.start(
              node,
              clientPorts[i],
              "server_name: "
                  + name(i)
                  + "\n"
                  + "jetstream { store_dir: \""
                  + node.resolve("js")
                  + "\" }\n"
                  + "cluster {\n  name: drill\n  listen: \"127.0.0.1:"
                  + routePorts[i]
                  + "\"\n  routes: ["
                  + routes
                  + "]\n}\n"));
    }
    return cluster;
  }

  public static String name(int i) {
    return "n" + (i + 1);
  }

  /** Every client URL, comma-separated. */
  public String urls() {
    return nodes.stream().map(NatsServerProcess::url).collect(Collectors.joining(","));
  }

  public int size() {
    return nodes.size();
  }

  public int indexOf(String serverName) {
    for (int i = 0; i < nodes.size(); i++) {
      if (name(i).equals(serverName)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no node " + serverName);
  }

  /** Kills the node (SIGKILL), deletes its JetStream store, and starts it again empty. */
  public void killWipeAndRestart(int i) {
    NatsServerProcess node = nodes.get(i);
    node.kill();
    deleteTree(node.dir().resolve("js"));
    node.launch();
  }

  /** Kills the node (SIGKILL) and starts it again with its store. */
  public void crashAndRestart(int i) {
    NatsServerProcess node = nodes.get(i);
    node.kill();
    node.launch();
  }

  public String log(int i) {
    return nodes.get(i).log();
  }

  /** A client connection to every node, reconnecting forever. */
  public Connection connect() throws IOException, InterruptedException {
    return Nats.connect(
        Options.builder()
            .servers(urls().split(","))
            .maxReconnects(-1)
            .reconnectWait(Duration.ofMillis(200))
            .connectionTimeout(Duration.ofSeconds(5))
            .build());
  }

  /** Whether JetStream answers (a meta leader is elected). */
  public static boolean jetStreamReady(Connection connection) {
    try {
      connection.jetStreamManagement().getAccountStatistics();
      return true;
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      return false;
    }
  }

  /** Whether the stream has a leader and every replica is current and online. */
  public static boolean streamHealthy(Connection connection, String stream, int replicas) {
    try {
      ClusterInfo info = connection.jetStreamManagement().getStreamInfo(stream).getClusterInfo();
      if (info == null || info.getLeader() == null) {
        return false;
      }
      List<Replica> others = info.getReplicas() == null ? List.of() : info.getReplicas();
      return others.size() == replicas - 1
          && others.stream().allMatch(r -> r.isCurrent() && !r.isOffline());
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      return false;
    }
  }

  /** The stream's leader's server name, or null. */
  public static String leader(Connection connection, String stream) {
    try {
      ClusterInfo info = connection.jetStreamManagement().getStreamInfo(stream).getClusterInfo();
      return info == null ? null : info.getLeader();
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public void close() {
    nodes.forEach(NatsServerProcess::close);
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

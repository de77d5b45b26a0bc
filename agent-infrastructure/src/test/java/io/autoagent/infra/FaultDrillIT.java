package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoagent.core.messaging.Contract;
import io.autoagent.core.testing.NatsTestServer;
import io.autoagent.core.testing.StreamReader;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fault drill: alerts keep coming while the agent process is killed with SIGKILL twice and the
 * NATS server restarts once. Every alert must be answered exactly once. CI runs 1,000 alerts; the
 * full drill is {@code -Ddrill.alerts=10000}.
 */
class FaultDrillIT {

  private static final int ALERTS = Integer.getInteger("drill.alerts", 1000);
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void everyAlertIsAnsweredExactlyOnceThroughKillsAndANatsRestart() throws Exception {
    try (NatsTestServer nats = NatsTestServer.start();
        Connection client =
            Nats.connect(
                Options.builder()
                    .server(nats.url())
                    .maxReconnects(-1)
                    .reconnectWait(Duration.ofMillis(200))
                    .build())) {
      Process agent = startAgent(nats);
      for (int i = 0; i < ALERTS; i++) {
        if (i == ALERTS / 4) {
          agent = killAndReplace(agent, nats);
        } else if (i == ALERTS / 2) {
          nats.restart();
        } else if (i == 3 * ALERTS / 4) {
          agent = killAndReplace(agent, nats);
        }
        publish(client, i);
      }
      try {
        await()
            .atMost(Duration.ofMinutes(5).plusMillis(ALERTS * 30L))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> stored(client) >= ALERTS);
        List<StreamReader.Stored> responses =
            StreamReader.readAll(client, Contract.RESPONSES, null);
        Map<String, Long> perAlert =
            responses.stream()
                .map(s -> AgentFixture.parse(s.body()).path("alert_id").asText())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        long duplicates = perAlert.values().stream().filter(n -> n > 1).count();
        long lost = ALERTS - perAlert.size();
        System.out.printf(
            "fault drill: sent %d, answered %d, duplicates %d, lost %d%n",
            ALERTS, perAlert.size(), duplicates, lost);
        assertThat(duplicates).isZero();
        assertThat(lost).isZero();
        assertThat(responses).hasSize(ALERTS);
      } finally {
        agent.destroy();
        agent.waitFor();
      }
    }
  }

  private static void publish(Connection client, int i) {
    byte[] body = ("{\"service\": \"svc-" + (i % 40) + "\", \"namespace\": \"prod\"}").getBytes();
    Headers headers = new Headers().put("Nats-Msg-Id", "drill-" + i);
    // The publisher rides out the restart too: retry with the same id, JetStream drops duplicates.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              client.jetStream().publish(Contract.SUBJECT_INFRASTRUCTURE, headers, body);
              return true;
            });
  }

  private static long stored(Connection client) {
    try {
      return client
          .jetStreamManagement()
          .getStreamInfo(Contract.RESPONSES)
          .getStreamState()
          .getMsgCount();
    } catch (Exception e) {
      return -1;
    }
  }

  private Process killAndReplace(Process agent, NatsTestServer nats) throws Exception {
    agent.destroyForcibly(); // SIGKILL: no graceful shutdown, in-flight work is not acked
    agent.waitFor();
    return startAgent(nats);
  }

  private Process startAgent(NatsTestServer nats) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path jar =
        Path.of(System.getProperty("build.dir", "target"), "infrastructure-agent.jar")
            .toAbsolutePath();
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dio.netty.noUnsafe=true",
            "-jar",
            jar.toString());
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "NATS_URL",
                nats.url(),
                "HEALTH_PORT",
                Integer.toString(port),
                "ACK_WAIT_S",
                "2",
                "LOG_LEVEL",
                "WARN",
                "RUNBOOK_DIR",
                Path.of("..", "runbooks").toAbsolutePath().normalize().toString()));
    builder.environment().putAll(env);
    builder
        .redirectErrorStream(true)
        .redirectOutput(
            ProcessBuilder.Redirect.appendTo(
                new File(System.getProperty("build.dir", "target"), "fault-drill-agent.log")));
    Process process = builder.start();
    int healthPort = port;
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + healthPort + "/readyz"))
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200);
    return process;
  }
}

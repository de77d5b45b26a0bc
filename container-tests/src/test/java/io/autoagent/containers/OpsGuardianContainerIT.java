package io.autoagent.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The Ops Guardian's image as the chart runs it, with no cluster (scaling disabled), against a
 * nats-server on loopback: it heartbeats, answers {@code status}, and stops cleanly on SIGTERM.
 */
@Testcontainers(disabledWithoutDocker = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpsGuardianContainerIT {

  private static final String IMAGE =
      System.getProperty("image.guardian", "autoagent/ops-guardian:dev");
  private static final Duration GRACE = Duration.ofSeconds(30);

  private static ContainerRuntime runtime;
  private static LoopbackNats nats;
  private static NatsProbe probe;
  private static NatsProbe.Watch heartbeats;
  private static NatsProbe.Watch events;
  private static AgentContainer guardian;

  @BeforeAll
  static void start() throws Exception {
    runtime = ContainerRuntime.load();
    nats = LoopbackNats.start(Path.of("target", "nats"));
    probe = NatsProbe.connect(nats.url());
    heartbeats = probe.watch("agent.status.ops-guardian");
    events = probe.watch("agent.events.ops-guardian");
    guardian =
        new AgentContainer(
            "ops-guardian",
            IMAGE,
            runtime,
            Map.of(
                "NATS_URL",
                nats.url(),
                "STATUS_INTERVAL_S",
                "1",
                "HOSTNAME",
                "guardian-in-docker"));
    guardian.start(runtime.readinessProbe());
  }

  @AfterAll
  static void stop() throws Exception {
    if (guardian != null) {
      guardian.close();
    }
    if (probe != null) {
      probe.close();
    }
    if (nats != null) {
      nats.close();
    }
  }

  @Test
  @Order(1)
  void runsConfinedAsTheChartRunsItAndTurnsHealthy() throws Exception {
    Hardening.assertImage(guardian, runtime);
    Hardening.assertConfined(guardian, runtime);
    assertThat(guardian.health()).isEqualTo("healthy");
    assertThat(guardian.status(runtime.livenessProbe())).isEqualTo(200);
  }

  @Test
  @Order(2)
  void heartbeatsAndAnswersStatus() throws Exception {
    JsonNode heartbeat =
        heartbeats.first(h -> h.path("status").asText().equals("active"), Duration.ofSeconds(30));
    assertThat(heartbeat.path("source").asText()).isEqualTo("ops-guardian");
    assertThat(heartbeat.path("instance_id").asText()).isNotBlank();
    assertThat(heartbeat.path("connections").path("nats").asText()).isEqualTo("ok");
    assertThat(heartbeat.path("connections").path("kubernetes").asText()).isEqualTo("disabled");

    probe.publish(
        "ops_guardian",
        "status-in-docker",
        "{\"type\": \"status\", \"correlation_id\": \"c-docker\"}");

    JsonNode event =
        events.first(
            e -> e.path("correlation_id").asText().equals("c-docker"), Duration.ofSeconds(30));
    assertThat(event.path("event_type").asText()).isEqualTo("guardian_status");
    assertThat(event.path("source").asText()).isEqualTo("ops-guardian");
    assertThat(event.path("context").isObject()).isTrue();
    JsonNode status = probe.request("agent.ops-guardian.status", "{}");
    assertThat(status.path("status").asText()).isEqualTo("active");
    assertThat(status.path("instance_id").asText())
        .isEqualTo(heartbeat.path("instance_id").asText());
  }

  @Test
  @Order(3)
  void stopsWithinTheGracePeriodOnSigtermAndSaysInactive() {
    AgentContainer.Stopped stopped = guardian.stopGracefully(GRACE);

    assertThat(stopped.exitStatus())
        .as("143: the JVM ended on SIGTERM, not killed (137)\n" + guardian.logs())
        .isEqualTo(143);
    assertThat(stopped.took()).isLessThan(GRACE);
    JsonNode last =
        heartbeats.first(h -> h.path("status").asText().equals("inactive"), Duration.ofSeconds(5));
    assertThat(last.path("source").asText()).isEqualTo("ops-guardian");
  }
}

package io.autoagent.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The infrastructure agent's image as the chart runs it, against a nats-server on loopback. With no
 * real cluster here, it runs the sandbox image's {@code sandbox} command (its ENTRYPOINT, with the
 * command as arguments): the agent against an in-process Kubernetes API of broken demo workloads,
 * with the runbook library the image carries at /runbooks. An OpenAI-compatible server on loopback
 * that answers slowly on demand keeps an analysis in flight while the container is stopped.
 */
@Testcontainers(disabledWithoutDocker = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InfrastructureAgentContainerIT {

  /**
   * The agent's image plus the sandbox jar (docker/infrastructure-sandbox.Dockerfile): the agent's
   * own has no mock API.
   */
  private static final String IMAGE =
      System.getProperty("image.sandbox", "autoagent/infrastructure-sandbox:dev");

  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final Duration ANSWER = Duration.ofSeconds(60);

  private static ContainerRuntime runtime;
  private static LoopbackNats nats;
  private static MockWebServer llm;
  private static volatile boolean llmSlow;
  private static final CountDownLatch SLOW_CALL = new CountDownLatch(1);
  private static NatsProbe probe;
  private static NatsProbe.Watch responses;
  private static NatsProbe.Watch executions;
  private static AgentContainer agent;

  @BeforeAll
  static void start() throws Exception {
    runtime = ContainerRuntime.load();
    nats = LoopbackNats.start(Path.of("target", "nats"));
    llm = new MockWebServer();
    llm.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            MockResponse.Builder overloaded =
                new MockResponse.Builder()
                    .code(503)
                    .body("{\"error\": {\"message\": \"overloaded\", \"type\": \"server_error\"}}");
            if (llmSlow) {
              SLOW_CALL.countDown();
              return overloaded.headersDelay(4, TimeUnit.SECONDS).build();
            }
            return overloaded.build();
          }
        });
    llm.start(InetAddress.getLoopbackAddress(), 0);
    probe = NatsProbe.connect(nats.url());
    responses = probe.watch("orchestrator_response", "agent.status.infrastructure-agent");
    executions = probe.watch("runbook.execution.infrastructure");
    agent =
        new AgentContainer(
            "infrastructure-agent",
            IMAGE,
            runtime,
            Map.of(
                "NATS_URL",
                nats.url(),
                "STATUS_INTERVAL_S",
                "1",
                "LLM_PROVIDER",
                "openai",
                "OPENAI_API_KEY",
                "sk-test-not-a-real-key",
                "OPENAI_BASE_URL",
                "http://127.0.0.1:" + llm.getPort() + "/v1",
                "LLM_TIMEOUT_S",
                "20",
                "LLM_MAX_RETRIES",
                "0",
                "LLM_CIRCUIT_FAILURES",
                "1000"),
            "sandbox",
            "--nats-url",
            nats.url());
    agent.start(runtime.readinessProbe());
  }

  @AfterAll
  static void stop() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (probe != null) {
      probe.close();
    }
    if (llm != null) {
      llm.close();
    }
    if (nats != null) {
      nats.close();
    }
  }

  @Test
  @Order(1)
  void runsConfinedAsTheChartRunsItWithTheRunbookLibraryAndTurnsHealthy() throws Exception {
    Hardening.assertImage(agent, runtime);
    Hardening.assertConfined(agent, runtime);
    assertThat(agent.health()).isEqualTo("healthy");
    assertThat(List.of(agent.imageInfo().getConfig().getEnv()))
        .contains("RUNBOOK_DIR=" + runtime.runbookDir());
    List<String> shipped =
        List.of(agent.exec("ls", "-1", runtime.runbookDir()).strip().split("\n"));
    try (Stream<Path> files = Files.list(ContainerRuntime.repoDir().resolve("runbooks"))) {
      assertThat(shipped)
          .containsExactlyInAnyOrderElementsOf(files.map(f -> f.getFileName().toString()).toList());
    }
  }

  @Test
  @Order(2)
  void answersAnAlertAndARunbookDryRunOverNats() throws Exception {
    // when: an alert about the sandbox's crash-looping service
    probe.publish(
        "infrastructure_agent",
        "docker-alert-1",
        "{\"alert_id\": \"docker-alert-1\", \"service\": \"checkout\","
            + " \"namespace\": \"demo\", \"severity\": \"high\", \"summary\": \"checkout pods restarting\"}");

    // then: an analysis from the cluster's evidence, recommending runbooks of the image's library
    JsonNode analysis =
        responses.first(r -> r.path("alert_id").asText().equals("docker-alert-1"), ANSWER);
    assertThat(analysis.path("type").asText()).isEqualTo("infrastructure_analysis");
    assertThat(analysis.path("status").asText()).isEqualTo("completed");
    assertThat(analysis.path("root_cause").path("category").asText()).isEqualTo("CRASH_LOOP");
    assertThat(analysis.path("sources").path("kubernetes").asText()).isEqualTo("ok");
    List<String> recommended = new ArrayList<>();
    analysis.path("recommendations").forEach(r -> recommended.add(r.path("runbook_id").asText()));
    assertThat(recommended)
        .isNotEmpty()
        .allSatisfy(
            id ->
                assertThat(ContainerRuntime.repoDir().resolve("runbooks").resolve(id + ".yaml"))
                    .exists());

    // when: a dry run of the first recommendation, and one of a runbook the library does not have
    String runbook = recommended.getFirst();
    probe.publish(
        "runbook.execute.infrastructure",
        "docker-dry-1",
        "{\"execution_id\": \"docker-dry-1\","
            + " \"runbook_id\": \""
            + runbook
            + "\", \"target\": {\"namespace\": \"demo\", \"service\": \"checkout\"},"
            + " \"dry_run\": true, \"requested_by\": \"container-test\"}");
    probe.publish(
        "runbook.execute.infrastructure",
        "docker-dry-2",
        "{\"execution_id\": \"docker-dry-2\","
            + " \"runbook_id\": \"no-such-runbook\", \"target\": {\"namespace\": \"demo\", \"service\": \"checkout\"},"
            + " \"dry_run\": true, \"requested_by\": \"container-test\"}");

    // then
    JsonNode dryRun =
        executions.first(
            e ->
                e.path("execution_id").asText().equals("docker-dry-1")
                    && !e.path("status").asText().equals("running"),
            ANSWER);
    assertThat(dryRun.path("status").asText()).as(dryRun.toString()).isEqualTo("dry_run");
    assertThat(dryRun.path("runbook_id").asText()).isEqualTo(runbook);
    assertThat(dryRun.path("dry_run").asBoolean()).isTrue();
    assertThat(dryRun.path("steps")).isNotEmpty();
    JsonNode unknown =
        executions.first(e -> e.path("execution_id").asText().equals("docker-dry-2"), ANSWER);
    assertThat(unknown.path("status").asText()).isEqualTo("rejected");
    assertThat(unknown.path("error").path("code").asText()).isEqualTo("NOT_FOUND");
  }

  @Test
  @Order(3)
  void drainsInFlightWorkOnSigtermWithinTheGracePeriodThenSaysInactive() throws Exception {
    // given: an analysis waiting on a slow LLM
    llmSlow = true;
    probe.publish(
        "infrastructure_agent",
        "docker-drain-1",
        "{\"alert_id\": \"docker-drain-1\", \"service\": \"payments\","
            + " \"namespace\": \"demo\", \"severity\": \"high\", \"summary\": \"payments pods restarting\"}");
    assertThat(SLOW_CALL.await(ANSWER.toSeconds(), TimeUnit.SECONDS))
        .as("the analysis reached the LLM")
        .isTrue();
    assertThat(responses.indexOf(r -> r.path("alert_id").asText().equals("docker-drain-1")))
        .isEqualTo(-1);

    // when: docker stop
    AgentContainer.Stopped stopped = agent.stopGracefully(GRACE);

    // then: the analysis went out before the agent said it is inactive, and the JVM ended by itself
    assertThat(stopped.exitStatus())
        .as("143: the JVM ended on SIGTERM, not killed (137)")
        .isEqualTo(143);
    assertThat(stopped.took()).isLessThan(GRACE);
    int analysed = responses.indexOf(r -> r.path("alert_id").asText().equals("docker-drain-1"));
    int inactive =
        responses.indexOf(
            r ->
                r.path("status").asText().equals("inactive")
                    && r.path("_subject").asText().equals("agent.status.infrastructure-agent"));
    assertThat(analysed).as("the in-flight analysis was published").isNotNegative();
    assertThat(inactive).as("inactive was published").isNotNegative();
    assertThat(analysed).isLessThan(inactive);
    JsonNode analysis = responses.seen().get(analysed);
    assertThat(analysis.path("root_cause").path("category").asText()).isEqualTo("OOM_KILLED");
  }
}

package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.testing.Schemas;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI as a person uses it, against a running agent over a real nats-server. */
class CliIT {

  private static AgentFixture fixture;

  /** What a command printed and returned. */
  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    fixture = new AgentFixture();
    fixture.startAgent();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void alertPrintsTheAnalysisForAPerson() {
    Run run =
        run(
            "alert",
            "--nats-url",
            fixture.server.url(),
            "--service",
            "payments",
            "--namespace",
            "prod",
            "--severity",
            "critical");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("prod/payments", "Root cause: UNKNOWN", "Sources: kubernetes skipped");
  }

  @Test
  void alertPrintsJsonThatFollowsTheContract() {
    Run run =
        run(
            "alert",
            "--json",
            "--nats-url",
            fixture.server.url(),
            "--service",
            "cart",
            "--namespace",
            "shop");

    assertThat(run.exit()).isZero();
    Schemas.assertValid(ContractSchemas.ANALYSIS, run.out().trim());
  }

  @Test
  void alertExitsThreeWhenTheAgentRejectsTheAlert() {
    Run run =
        run(
            "alert",
            "--nats-url",
            fixture.server.url(),
            "--service",
            "Not_Valid",
            "--namespace",
            "prod");

    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.out()).contains("SCHEMA_VIOLATION", "/service");
  }

  @Test
  void alertSaysInOneLineWhenNatsIsUnreachable() {
    Run run =
        run("alert", "--nats-url", "nats://127.0.0.1:1", "--service", "a", "--namespace", "b");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().lines().toList())
        .singleElement()
        .asString()
        .startsWith("alert: cannot reach NATS at nats://127.0.0.1:1");
  }

  @Test
  void statusFollowsHeartbeats() {
    Run run = run("status", "--json", "--count", "1", "--nats-url", fixture.server.url());

    assertThat(run.exit()).as(run.err()).isZero();
    Schemas.assertValid(ContractSchemas.AGENT_STATUS, run.out().trim());
  }

  @Test
  void runbooksValidatesTheShippedLibraryAndNamesTheBadField(@TempDir Path dir) throws Exception {
    assertThat(run("runbooks", "validate", "--dir", "../runbooks").exit()).isZero();
    Run list = run("runbooks", "list", "--dir", "../runbooks");
    assertThat(list.out()).contains("increase-memory-limit", "OOM_KILLED");

    Files.writeString(
        dir.resolve("broken.yaml"),
        """
        id: broken
        title: Broken
        description: a runbook with a bad risk
        matches: {categories: [CRASH_LOOP]}
        steps: [{name: restart, action: rollout_restart, args: {namespace: x, deployment: y}}]
        verify: {timeout: 5m, conditions: []}
        risk: extreme
        automatable: false
        requires_approval: false
        """);
    Run invalid = run("runbooks", "validate", "--dir", dir.toString());
    assertThat(invalid.exit()).isEqualTo(1);
    assertThat(invalid.out()).contains("broken.yaml", "risk");
  }

  @Test
  void executeFillsParametersFromTheLatestAnalysisOfTheWorkloadAndParamWins() throws Exception {
    // given: two analyses of shop/basket on RESPONSES, the newer resolving 768Mi, and one of
    // another workload
    publishAnalysis("older", "basket", "512Mi");
    publishAnalysis("newer", "basket", "768Mi");
    publishAnalysis("other", "checkout", "2Gi");
    var requests =
        fixture.client.subscribe(io.autoagent.core.messaging.Contract.SUBJECT_RUNBOOK_EXECUTE);
    fixture.client.flush(java.time.Duration.ofSeconds(5));

    // when
    Run run =
        run(
            "execute",
            "--json",
            "--nats-url",
            fixture.server.url(),
            "--runbook",
            "increase-memory-limit",
            "--namespace",
            "shop",
            "--service",
            "basket",
            "--param",
            "container=sidecar",
            "--timeout",
            "30");

    // then: the request carries the analysis's values, --param overriding; stderr says where they
    // came from
    var request =
        AgentFixture.MAPPER.readTree(
            requests.nextMessage(java.time.Duration.ofSeconds(10)).getData());
    assertThat(request.path("parameters").path("memory_limit").asText()).isEqualTo("768Mi");
    assertThat(request.path("parameters").path("container").asText()).isEqualTo("sidecar");
    assertThat(run.err())
        .contains("parameters from analysis newer at ", "memory_limit=768Mi")
        .doesNotContain("container=app");
    // stdout is JSON only, one result per line
    assertThat(run.out().lines().toList())
        .isNotEmpty()
        .allSatisfy(line -> AgentFixture.MAPPER.readTree(line));
    // no cluster here, so the agent refuses: exit 3
    assertThat(run.exit()).as(run.err()).isEqualTo(3);
  }

  @Test
  void executeSaysWhenNoAnalysisOfTheWorkloadExists() {
    Run run =
        run(
            "execute",
            "--nats-url",
            fixture.server.url(),
            "--runbook",
            "increase-memory-limit",
            "--namespace",
            "shop",
            "--service",
            "never-analysed",
            "--timeout",
            "30");

    assertThat(run.err())
        .contains("no analysis of shop/never-analysed found: parameters from --param only");
  }

  @Test
  void runbooksListFitsTheTerminalAndKeepsLogsOffStdout() {
    Run list = run("runbooks", "list", "--dir", "../runbooks");

    assertThat(list.exit()).isZero();
    assertThat(list.out().lines())
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100))
        .noneMatch(line -> line.contains(" INFO ") || line.contains(" WARN "));
    assertThat(list.out().lines().findFirst())
        .hasValueSatisfying(h -> assertThat(h).startsWith("ID "));
  }

  private static void publishAnalysis(String alertId, String service, String memoryLimit)
      throws Exception {
    String analysis =
        """
        {"type": "infrastructure_analysis", "alert_id": "%s", "namespace": "shop", "service": "%s",
         "status": "completed", "sources": {}, "analyzer": "rules", "duration_ms": 1,
         "recommendations": [{"runbook_id": "increase-memory-limit", "reason": "OOM", "risk": "medium",
           "automatable": true, "parameters": {"memory_limit": "%s", "container": "app"}}]}
        """
            .formatted(alertId, service, memoryLimit);
    fixture
        .client
        .jetStream()
        .publish(
            io.autoagent.core.messaging.Contract.SUBJECT_RESPONSE,
            analysis.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}

package io.autoagent.infra;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.app;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.crashLooping;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Runbook execution wired into the agent: the alert path with {@code mode: remediate}, and
 * execution requests sent with the CLI. No AutoRemediationPolicy exists, so nothing may change.
 */
@EnableKubernetesMockClient(crud = true)
class RemediationWiringIT {

  static KubernetesClient client;
  private static AgentFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    app(client, "shop", "checkout", 1).addPod("crash", crashLooping(9, 1, "Error"));
    fixture = new AgentFixture();
    var env = fixture.env();
    InfraConfig config = InfraConfig.fromEnv(env);
    fixture.startAgent(env, client, List.of(InfrastructureAgent.kubernetes(client, config)));
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new String[] {Integer.toString(exit), out.toString(), err.toString()};
  }

  @Test
  void aRemediateAlertRunsTheBestRunbookAsADryRunWithoutAPolicy() throws Exception {
    int podsBefore = client.pods().inNamespace("shop").list().getItems().size();

    fixture.publishAlert("rem-1", "{\"service\": \"checkout\", \"namespace\": \"shop\", \"severity\": \"critical\", \"mode\": \"remediate\"}");
    JsonNode analysis = fixture.awaitAnalysis("rem-1");

    assertThat(analysis.path("root_cause").path("category").asText()).isEqualTo("CRASH_LOOP");
    assertThat(analysis.path("remediation").path("mode").asText()).isEqualTo("dry_run");
    assertThat(analysis.path("remediation").path("execution_id").asText()).startsWith("alert-rem-1-");
    assertThat(client.pods().inNamespace("shop").list().getItems()).hasSize(podsBefore);
    fixture.assertEverythingPublishedIsValid();
  }

  @Test
  void executeFollowsADryRunToItsResult() {
    String[] run = run("execute", "--nats-url", fixture.server.url(), "--runbook", "restart-crashlooping-pods",
        "--namespace", "shop", "--service", "checkout", "--execution-id", "cli-dry-1");

    assertThat(run[0]).as(run[1] + run[2]).isEqualTo("0");
    assertThat(run[1]).contains("execution cli-dry-1", "[dry_run]");
  }

  @Test
  void executeRefusesALiveRunThatIsNotSigned() {
    String[] run = run("execute", "--nats-url", fixture.server.url(), "--runbook", "restart-crashlooping-pods",
        "--namespace", "shop", "--service", "checkout", "--live", "--execution-id", "cli-live-1");

    assertThat(run[0]).as(run[1] + run[2]).isEqualTo("3");
    assertThat(run[1]).contains("[rejected]", "SIGNATURE_INVALID");
  }
}

package io.autoagent.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.infra.InfraConfig;
import io.autoagent.infra.InfrastructureAgent;
import io.autoagent.infra.Main;
import io.autoagent.infra.SkippedSource;
import io.autoagent.tools.analysis.RulesAnalyzer;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sandbox}: the agent against a local sandbox cluster with broken demo workloads, no real
 * cluster and no API keys. Publishes one alert per demo service, prints the analyses, and keeps
 * running for more alerts until Ctrl-C.
 */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HELP_HEADING,
    exitCodeList = {
      ExitCodes.HELP_OK,
      ExitCodes.HELP_FAILURE,
      ExitCodes.HELP_USAGE,
      ExitCodes.HELP_REJECTED
    },
    description = "Run the agent against a local sandbox cluster of broken demo workloads.")
public final class SandboxCommand implements Callable<Integer> {

  /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private static final java.util.logging.Logger LUCENE_LOG =
      java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

  @Spec CommandSpec spec;

  @Mixin NatsOption nats;

  @Option(names = "--exit", description = "Stop after the demo alerts instead of waiting for more.")
  boolean exitAfterDemo;

  @Override
  public Integer call() throws Exception {
    // The demo's output is the analyses: keep the agent's own logs to warnings unless asked.
    if (System.getenv("LOG_LEVEL") == null && System.getProperty("LOG_LEVEL") == null) {
      System.setProperty("LOG_LEVEL", "WARN");
    }
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    LUCENE_LOG.setLevel(java.util.logging.Level.SEVERE);
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> env = new HashMap<>(nats.env());
    env.putIfAbsent("HEALTH_PORT", "0");
    InfraConfig config = InfraConfig.fromEnv(env);
    SandboxCluster cluster = SandboxCluster.start();
    InfrastructureAgent agent;
    try {
      agent =
          InfrastructureAgent.start(
              config,
              cluster.newClient(),
              List.of(
                  InfrastructureAgent.kubernetes(cluster.newClient(), config),
                  new SkippedSource("git", "the sandbox has no git repository yet"),
                  new SkippedSource("argocd", "the sandbox has no Argo CD")),
              new RulesAnalyzer(),
              Clock.systemUTC());
    } catch (RuntimeException | java.io.IOException e) {
      cluster.close();
      throw new CliException("cannot start the agent on " + nats.servers() + ": " + e.getMessage());
    }
    AutoCloseable all =
        () -> {
          agent.close();
          cluster.close();
        };
    try {
      demo(out, agent);
    } catch (RuntimeException e) {
      all.close();
      throw e;
    }
    if (exitAfterDemo) {
      all.close();
      return 0;
    }
    out.printf(
        "%nThe agent keeps running (health and metrics on http://127.0.0.1:%d). Send more alerts:%n"
            + "  java -jar agent-infrastructure/target/infrastructure-agent.jar alert --nats-url %s --namespace %s --service checkout%n"
            + "Services in the sandbox: %s. Ctrl-C stops.%n",
        agent.runtime().healthPort(),
        nats.servers(),
        SandboxCluster.NAMESPACE,
        String.join(
            ", ", SandboxCluster.SERVICES.stream().map(SandboxCluster.DemoService::name).toList()));
    out.flush();
    Main.awaitShutdown(all);
    return 0;
  }

  private void demo(PrintWriter out, InfrastructureAgent agent) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!agent.runtime().ready()) {
      if (System.nanoTime() > deadline) {
        throw new CliException(
            "the agent is not ready after 30 s: is JetStream enabled on " + nats.servers() + "?");
      }
      Thread.sleep(100);
    }
    out.printf(
        "Sandbox cluster: namespace %s with %d services. Publishing one alert for each...%n",
        SandboxCluster.NAMESPACE, SandboxCluster.SERVICES.size());
    AnalysisPrinter printer = new AnalysisPrinter(out);
    try (AlertClient client = AlertClient.connect(nats.settings())) {
      for (SandboxCluster.DemoService service : SandboxCluster.SERVICES) {
        String alert =
            "{\"service\": \""
                + service.name()
                + "\", \"namespace\": \""
                + SandboxCluster.NAMESPACE
                + "\", \"severity\": \"high\", \"summary\": \""
                + service.name()
                + " is misbehaving\"}";
        JsonNode analysis =
            client.send(alert.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30)).getFirst();
        out.printf(
            "%n== %s: %s (expected %s)", service.name(), service.story(), service.expected());
        printer.print(analysis);
      }
    }
    out.flush();
  }
}

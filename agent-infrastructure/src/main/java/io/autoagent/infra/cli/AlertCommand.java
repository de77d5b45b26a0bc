package io.autoagent.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code alert}: publishes an alert, waits for its analysis and prints it. */
@Command(
    name = "alert",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HELP_HEADING,
    exitCodeList = {
      ExitCodes.HELP_OK,
      ExitCodes.HELP_FAILURE,
      ExitCodes.HELP_USAGE,
      ExitCodes.HELP_REJECTED
    },
    description = "Publish an alert to the agent and print its analysis.")
public final class AlertCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--service", description = "The alerted workload.")
  String service;

  @Option(names = "--namespace", description = "Its namespace.")
  String namespace;

  @Option(names = "--severity", description = "critical, high, medium, low or info.")
  String severity;

  @Option(names = "--reason", description = "Short reason, for example CrashLoopBackOff.")
  String reason;

  @Option(names = "--summary", description = "What the alert says.")
  String summary;

  @Option(names = "--mode", description = "analyze (default) or remediate.")
  String mode;

  @Option(
      names = "--file",
      description = "A JSON file: a native alert or an Alertmanager webhook body.")
  Path file;

  @Option(names = "--json", description = "Print the analyses as JSON lines.")
  boolean json;

  @Option(
      names = "--timeout",
      defaultValue = "30",
      description = "Seconds to wait for the analysis (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Mixin NatsOption nats;

  @Override
  public Integer call() throws IOException {
    ObjectMapper mapper = Json.newMapper();
    byte[] body;
    if (file != null) {
      body = InputFiles.read("alert file", file);
      InputFiles.requireJson(mapper, "alert file", file, body);
    } else {
      body = mapper.writeValueAsBytes(fromFlags(mapper));
    }
    try (AlertClient client = AlertClient.connect(nats.settings())) {
      List<JsonNode> analyses = client.send(body, Duration.ofSeconds(timeoutSeconds));
      java.io.PrintWriter out = spec.commandLine().getOut();
      AnalysisPrinter printer = new AnalysisPrinter(out);
      for (JsonNode analysis : analyses) {
        if (json) {
          out.println(analysis.toString());
        } else {
          printer.print(analysis);
        }
      }
      out.flush();
      return analyses.stream().anyMatch(AlertCommand::failedOrRejected)
          ? ExitCodes.REJECTED
          : ExitCodes.OK;
    }
  }

  private ObjectNode fromFlags(ObjectMapper mapper) {
    if (service == null || namespace == null) {
      throw CliException.usage("give --service and --namespace, or --file");
    }
    ObjectNode alert = mapper.createObjectNode();
    alert.put("service", service);
    alert.put("namespace", namespace);
    putIfSet(alert, "severity", severity);
    putIfSet(alert, "reason", reason);
    putIfSet(alert, "summary", summary);
    putIfSet(alert, "mode", mode);
    alert.put(
        "started_at",
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    return alert;
  }

  private static boolean failedOrRejected(JsonNode analysis) {
    String status = analysis.path("status").asText();
    return analysis.has("error") || "failed".equals(status) || "rejected".equals(status);
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}

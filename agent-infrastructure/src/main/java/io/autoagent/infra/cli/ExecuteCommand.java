package io.autoagent.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.config.NatsSettings;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.messaging.JetStreamStores;
import io.autoagent.core.messaging.NatsTransport;
import io.autoagent.tools.remediation.signature.WebhookSignatures;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code execute}: sends a runbook execution request (signed with {@code SECRET_KEY} when set,
 * Standard Webhooks headers) and follows its results until a final status.
 */
@Command(
    name = "execute",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HELP_HEADING,
    exitCodeList = {
      ExitCodes.HELP_OK,
      ExitCodes.HELP_FAILURE,
      ExitCodes.HELP_USAGE,
      ExitCodes.HELP_REJECTED
    },
    description =
        "Ask the agent to run a runbook (a dry run unless --live) and follow its results.")
public final class ExecuteCommand implements Callable<Integer> {

  private static final Set<String> FINAL =
      Set.of(
          "succeeded",
          "failed",
          "rolled_back",
          "rejected",
          "dry_run",
          "awaiting_approval",
          "duplicate",
          "proposed");
  private static final Set<String> OK =
      Set.of("succeeded", "dry_run", "awaiting_approval", "proposed");

  @Spec CommandSpec spec;

  @Option(
      names = "--runbook",
      required = true,
      description = "Runbook id, for example restart-crashlooping-pods.")
  String runbook;

  @Option(names = "--namespace", required = true, description = "Target namespace.")
  String namespace;

  @Option(names = "--service", description = "Target workload.")
  String service;

  @Option(
      names = "--param",
      description =
          "A parameter, name=value (repeatable); wins over the value the latest analysis resolved.")
  Map<String, String> parameters = new LinkedHashMap<>();

  @Option(
      names = "--live",
      description = "Change the cluster (default: a dry run that changes nothing).")
  boolean live;

  @Option(
      names = "--execution-id",
      description =
          "Idempotency key (default: a new one); resend it with --approved-by to approve.")
  String executionId;

  @Option(names = "--approved-by", description = "Approve an execution that is awaiting approval.")
  String approvedBy;

  @Option(
      names = "--timeout",
      defaultValue = "120",
      description = "Seconds to follow the results (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--json",
      description = "Print each result as a JSON line (stdout holds JSON only).")
  boolean json;

  @Option(
      names = "--no-analysis",
      description = "Do not fill parameters from the workload's latest analysis.")
  boolean noAnalysis;

  @Mixin NatsOption nats;

  @Override
  public Integer call() throws InterruptedException {
    ObjectMapper mapper = Json.newMapper();
    String id = executionId != null ? executionId : "cli-" + UUID.randomUUID();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    NatsSettings settings = nats.settings();
    try (Connection connection = NatsTransport.connectOnce(settings, nats.options())) {
      Map<String, String> resolved = withAnalysisParameters(connection, mapper, err);
      byte[] body = Json.bytes(mapper, request(mapper, id, resolved));
      Headers headers =
          signed(new Headers().put("Nats-Msg-Id", "cli-" + UUID.randomUUID()), id, body);
      Subscription results = connection.subscribe(Contract.SUBJECT_RUNBOOK_RESULT);
      connection.flush(Duration.ofSeconds(5));
      new JetStreamStores(connection, 1, settings.jsDomain())
          .jetStream()
          .publish(Contract.SUBJECT_RUNBOOK_EXECUTE, headers, body);
      err.printf(
          "execution %s: %s %s in %s (%s)%n",
          id,
          approvedBy != null ? "approving" : "requested",
          runbook,
          namespace + (service == null ? "" : "/" + service),
          live ? "live" : "dry run");
      err.flush();
      long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
      while (System.nanoTime() < deadline) {
        Message message = results.nextMessage(Duration.ofSeconds(1));
        if (message == null) {
          continue;
        }
        JsonNode result = mapper.readTree(message.getData());
        if (!id.equals(result.path("execution_id").asText())) {
          continue;
        }
        String status = result.path("status").asText();
        // progress (running) goes to stderr; --json keeps every result on stdout as JSON lines
        PrintWriter to = json || !"running".equals(status) ? out : err;
        to.println(json ? result.toString() : line(result));
        to.flush();
        if ("runbook_execution_result".equals(result.path("type").asText())
            && FINAL.contains(status)) {
          return OK.contains(status) ? ExitCodes.OK : ExitCodes.REJECTED;
        }
      }
      throw new CliException(
          "no final result for execution "
              + id
              + " within "
              + timeoutSeconds
              + " s: is the agent running on "
              + nats.servers()
              + "?");
    } catch (IOException | JetStreamApiException | java.util.concurrent.TimeoutException e) {
      throw new CliException(
          "cannot send the request on " + nats.servers() + ": " + e.getMessage());
    }
  }

  /**
   * The parameters to send: those the latest analysis of the workload resolved for this runbook,
   * overridden by {@code --param}; says on stderr where they came from.
   */
  private Map<String, String> withAnalysisParameters(
      Connection connection, ObjectMapper mapper, PrintWriter err)
      throws IOException, JetStreamApiException {
    Map<String, String> merged = new LinkedHashMap<>();
    if (service != null && !noAnalysis) {
      LatestAnalysis latest =
          LatestAnalysis.find(connection.jetStreamManagement(), mapper, namespace, service, runbook)
              .orElse(null);
      if (latest == null) {
        err.printf(
            "no analysis of %s/%s found: parameters from --param only%n", namespace, service);
      } else if (!latest.recommended()) {
        err.printf(
            "the latest analysis of %s/%s (%s at %s) does not recommend %s: parameters from --param only%n",
            namespace, service, latest.alertId(), latest.at(), runbook);
      } else {
        merged.putAll(latest.parameters());
        StringBuilder taken = new StringBuilder();
        latest
            .parameters()
            .forEach(
                (k, v) -> {
                  if (!parameters.containsKey(k)) {
                    taken.append(' ').append(k).append('=').append(v);
                  }
                });
        err.printf(
            "parameters from analysis %s at %s:%s%n",
            latest.alertId(),
            latest.at(),
            taken.isEmpty() ? " none (all given with --param)" : taken);
      }
    }
    merged.putAll(parameters); // --param wins
    return merged;
  }

  private Headers signed(Headers headers, String id, byte[] body) {
    String secret = System.getenv("SECRET_KEY");
    if (secret != null && !secret.isBlank()) {
      long now = Instant.now().getEpochSecond();
      // contract 1.1: an approval is signed as <execution_id>:approval
      String webhookId = approvedBy != null ? id + ":approval" : id;
      headers.put("webhook-id", webhookId);
      headers.put("webhook-timestamp", Long.toString(now));
      headers.put("webhook-signature", WebhookSignatures.sign(secret, webhookId, now, body));
    }
    return headers;
  }

  private ObjectNode request(ObjectMapper mapper, String id, Map<String, String> params) {
    ObjectNode request = mapper.createObjectNode();
    request.put("execution_id", id);
    request.put("runbook_id", runbook);
    ObjectNode target = request.putObject("target");
    target.put("namespace", namespace);
    if (service != null) {
      target.put("service", service);
    }
    request.set("parameters", mapper.valueToTree(params));
    request.put("dry_run", !live);
    request.put("requested_by", "cli:" + System.getProperty("user.name", "unknown"));
    request.put(
        "issued_at", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    if (approvedBy != null) {
      request
          .putObject("approval")
          .put("approved_by", approvedBy)
          .put(
              "approved_at",
              Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    }
    return request;
  }

  private static String line(JsonNode r) {
    StringBuilder b = new StringBuilder();
    b.append('[')
        .append(r.path("status").asText(r.path("event").asText("?")))
        .append("] ")
        .append(r.path("type").asText());
    for (JsonNode step : r.path("steps")) {
      b.append("\n    ")
          .append(step.path("status").asText())
          .append(' ')
          .append(step.path("name").asText())
          .append(" (")
          .append(step.path("action").asText())
          .append(')');
      if (step.hasNonNull("output")) {
        b.append(": ").append(step.path("output").asText());
      }
      if (step.hasNonNull("error")) {
        b.append(" error: ").append(step.path("error").asText());
      }
    }
    if (r.path("pull_request").isObject()) {
      b.append("\n    pull request ")
          .append(r.path("pull_request").path("outcome").asText())
          .append(": ")
          .append(
              r.path("pull_request")
                  .path("url")
                  .asText(r.path("pull_request").path("detail").asText()));
    }
    if (r.has("error")) {
      b.append("\n    ")
          .append(r.path("error").path("code").asText())
          .append(": ")
          .append(r.path("error").path("message").asText());
    }
    return b.toString();
  }
}

package io.autoagent.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.messaging.NatsTransport;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status}: follows the agents' heartbeats on {@code agent.status.>} live. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HELP_HEADING,
    exitCodeList = {
      ExitCodes.HELP_OK,
      ExitCodes.HELP_FAILURE,
      ExitCodes.HELP_USAGE,
      ExitCodes.HELP_REJECTED
    },
    description = "Follow every agent's heartbeat (agent.status.>) until Ctrl-C.")
public final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin NatsOption nats;

  @Option(
      names = "--count",
      defaultValue = "0",
      description = "Stop after this many heartbeats (0: never).")
  int count;

  @Option(
      names = "--wait",
      defaultValue = "60",
      description = "With --count: seconds to wait at most (default ${DEFAULT-VALUE}).")
  int waitSeconds;

  @Option(names = "--json", description = "Print each heartbeat as a JSON line.")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    ObjectMapper mapper = Json.newMapper();
    PrintWriter out = spec.commandLine().getOut();
    int width = Table.terminalWidth(System.getenv());
    try (Connection connection = NatsTransport.connectOnce(nats.settings(), nats.options())) {
      Subscription sub = connection.subscribe(Contract.SUBJECT_STATUS_PREFIX + ">");
      long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
      int seen = 0;
      while (count == 0 || seen < count) {
        if (count > 0 && System.nanoTime() > deadline) {
          throw new CliException(
              "only " + seen + " heartbeat(s) in " + waitSeconds + " s on " + nats.servers());
        }
        Message message = sub.nextMessage(Duration.ofSeconds(1));
        if (message == null) {
          continue;
        }
        seen++;
        if (json) {
          out.println(new String(message.getData(), java.nio.charset.StandardCharsets.UTF_8));
        } else {
          out.println(Table.fit(line(mapper.readTree(message.getData())), width));
        }
        out.flush();
      }
      return 0;
    } catch (IOException e) {
      throw new CliException("cannot reach NATS at " + nats.servers() + ": " + e.getMessage());
    }
  }

  private static String line(JsonNode s) {
    StringBuilder conns = new StringBuilder();
    s.path("connections")
        .properties()
        .forEach(
            e -> conns.append(' ').append(e.getKey()).append('=').append(e.getValue().asText()));
    JsonNode c = s.path("counters");
    return String.format(
        "%s %-20s %-28s %-8s processed=%d failed=%d errors=%d heap=%dMi%s",
        s.path("timestamp").asText(),
        s.path("agent").asText(),
        s.path("instance_id").asText(),
        s.path("status").asText(),
        c.path("processed").asLong(),
        c.path("failed").asLong(),
        c.path("errors").asLong(),
        s.path("memory").path("heap_used_bytes").asLong() / (1024 * 1024),
        conns);
  }
}

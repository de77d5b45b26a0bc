package io.autoagent.core.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.metrics.AgentMetrics;
import io.autoagent.core.testing.Schemas;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusReporterTest {

  private final List<String> problems = new ArrayList<>();

  private StatusReporter reporter(AgentMetrics metrics) {
    // current() builds the document without publishing, so no publisher is needed
    return new StatusReporter(
        Json.newMapper(),
        new Envelopes(Json.newMapper(), "infrastructure-agent", Clock.systemUTC()),
        null,
        metrics,
        "infrastructure-agent",
        "i-1",
        () -> true,
        () -> Map.of("kubernetes", "ok"),
        () -> List.copyOf(problems),
        Duration.ofSeconds(15));
  }

  @Test
  void isDegradedWithTheReasonWhileAProblemIsReported() {
    try (AgentMetrics metrics = new AgentMetrics("infrastructure-agent")) {
      StatusReporter status = reporter(metrics);
      assertThat(status.current().path("status").asText()).isEqualTo("active");
      assertThat(status.current().has("degraded_reasons")).isFalse();

      problems.add("runbook library is empty");
      ObjectNode degraded = status.current();

      assertThat(degraded.path("status").asText()).isEqualTo("degraded");
      assertThat(degraded.path("degraded_reasons").get(0).asText())
          .isEqualTo("runbook library is empty");
      Schemas.assertValid(ContractSchemas.AGENT_STATUS, degraded.toString());
    }
  }
}

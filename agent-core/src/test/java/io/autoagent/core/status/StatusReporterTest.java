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
    return new StatusReporter(Json.newMapper(), new Envelopes(Json.newMapper(), "infrastructure-agent", Clock.systemUTC()),
        null, metrics, "infrastructure-agent", "i-1", () -> true, () -> Map.of("kubernetes", "ok"),
        () -> List.copyOf(problems), Duration.ofSeconds(15));
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
      assertThat(degraded.path("degraded_reasons").get(0).asText()).isEqualTo("runbook library is empty");
      Schemas.assertValid(ContractSchemas.AGENT_STATUS, degraded.toString());
    }
  }

  @Test
  void publishesTheStatusRecordWithTheContractsSnakeCaseNames() throws Exception {
    try (AgentMetrics metrics = new AgentMetrics("infrastructure-agent")) {
      // when
      String json = new String(Json.bytes(Json.newMapper(), reporter(metrics).currentMessage()));

      // then
      var doc = Json.newMapper().readTree(json);
      assertThat(doc.path("type").asText()).isEqualTo("agent_status");
      assertThat(doc.path("message_id").asText()).startsWith("status-i-1-");
      assertThat(doc.path("instance_id").asText()).isEqualTo("i-1");
      assertThat(doc.path("memory").has("heap_used_bytes")).isTrue();
      assertThat(doc.path("cpu").path("available_processors").asInt()).isPositive();
      assertThat(doc.path("counters").has("in_flight")).isTrue();
      assertThat(doc.path("connections").path("nats").asText()).isEqualTo("ok");
      assertThat(doc.path("connections").path("kubernetes").asText()).isEqualTo("ok");
      assertThat(doc.has("uptime_s")).isTrue();
      assertThat(doc.has("degraded_reasons")).isFalse();
      Schemas.assertValid(ContractSchemas.AGENT_STATUS, json);
    }
  }
}

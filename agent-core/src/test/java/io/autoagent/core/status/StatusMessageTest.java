package io.autoagent.core.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.testing.Schemas;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The heartbeat record serialises to the very bytes the hand-built tree it replaced published for
 * the same inputs (that code is kept below, verbatim but for taking its inputs as arguments), and
 * validates against {@code agent-status.schema.json}.
 */
class StatusMessageTest {

  private final ObjectMapper mapper = Json.newMapper();
  private final Envelopes envelopes =
      new Envelopes(
          mapper,
          "infrastructure-agent",
          Clock.fixed(Instant.parse("2026-12-07T10:00:00.123Z"), ZoneOffset.UTC));

  @ParameterizedTest
  @CsvSource({
    "active, '', 12.5, 2048, 0.25",
    "degraded, runbook library is empty|git is behind, 0.001, 0, -1",
    "inactive, runbook library is empty, 3600.0, -1, 0.0",
    "degraded, '', 7.0, 4096, 1.0"
  })
  void serialisesToTheBytesTheHandBuiltHeartbeatPublished(
      String status, String reasons, double uptime, long rss, double load) {
    // given
    List<String> problems = reasons.isEmpty() ? List.of() : List.of(reasons.split("\\|"));
    Map<String, String> conns = new LinkedHashMap<>();
    conns.put("nats", "ok");
    conns.put("kubernetes", "down");
    conns.put("llm", "disabled");

    // when
    StatusMessage record =
        new StatusMessage(
            envelopes.envelope(StatusMessage.TYPE, "status-i-1-7", "i-1"),
            "infrastructure-agent",
            "i-1",
            status,
            problems,
            uptime,
            StatusMessage.Memory.of(1000, 2000, rss),
            StatusMessage.Cpu.of(4, load),
            new StatusMessage.Counters(10, 2, 1, 3),
            conns,
            "1.4.0");
    byte[] recordBytes = Json.bytes(mapper, record);
    byte[] handBuilt =
        Json.bytes(
            mapper,
            handBuilt(status, problems, uptime, 1000, 2000, rss, 4, load, 10, 2, 1, 3, conns));

    // then
    String json = new String(recordBytes, StandardCharsets.UTF_8);
    assertThat(json).isEqualTo(new String(handBuilt, StandardCharsets.UTF_8));
    Schemas.assertValid(ContractSchemas.AGENT_STATUS, json);
  }

  @Test
  void leavesOutTheUnknownResidentSetAndCpuLoadAndTheReasonsOfAnInactiveAgent() {
    // when
    StatusMessage inactive =
        new StatusMessage(
            envelopes.envelope(StatusMessage.TYPE, "status-i-1-8", "i-1"),
            "ops-guardian",
            "i-1",
            "inactive",
            List.of("no cluster"),
            1.0,
            StatusMessage.Memory.of(1, 2, 0),
            StatusMessage.Cpu.of(2, -1),
            new StatusMessage.Counters(0, 0, 0, 0),
            Map.of("nats", "down"),
            "dev");

    // then
    ObjectNode tree = mapper.valueToTree(inactive);
    assertThat(tree.has("degraded_reasons")).isFalse();
    assertThat(tree.path("memory").has("rss_bytes")).isFalse();
    assertThat(tree.path("cpu").has("process_load")).isFalse();
    assertThat(tree.path("counters").path("in_flight").asLong()).isZero();
  }

  /** The heartbeat as {@code StatusReporter.build} made it by hand before it became a record. */
  private ObjectNode handBuilt(
      String status,
      List<String> reasons,
      double uptimeS,
      long heapUsed,
      long heapMax,
      long rss,
      int processors,
      double load,
      long processed,
      long failed,
      long errors,
      long inFlight,
      Map<String, String> conns) {
    ObjectNode doc = envelopes.create("agent_status", "status-i-1-7", "i-1");
    doc.put("agent", "infrastructure-agent");
    doc.put("instance_id", "i-1");
    doc.put("status", status);
    if (!reasons.isEmpty() && !"inactive".equals(status)) {
      reasons.forEach(doc.putArray("degraded_reasons")::add);
    }
    doc.put("uptime_s", uptimeS);
    ObjectNode memory = doc.putObject("memory");
    memory.put("heap_used_bytes", heapUsed);
    memory.put("heap_max_bytes", heapMax);
    if (rss > 0) {
      memory.put("rss_bytes", rss);
    }
    ObjectNode cpu = doc.putObject("cpu");
    cpu.put("available_processors", processors);
    if (load >= 0) {
      cpu.put("process_load", load);
    }
    ObjectNode counters = doc.putObject("counters");
    counters.put("processed", processed);
    counters.put("failed", failed);
    counters.put("errors", errors);
    counters.put("in_flight", inFlight);
    ObjectNode connectionsNode = doc.putObject("connections");
    conns.forEach(connectionsNode::put);
    doc.put("version", "1.4.0");
    return doc;
  }
}

package io.autoagent.guardian;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.status.StatusMessage;
import io.autoagent.core.testing.Schemas;
import io.autoagent.guardian.coordination.Pause;
import io.autoagent.guardian.signals.WorkloadRef;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Guardian's view and its {@code status} reply as records serialise to the very bytes the
 * hand-built trees published for the same inputs (that code is kept below), and the reply is a
 * valid {@code agent-status} document.
 */
class GuardianViewTest {

  private static final List<WorkloadRef> WATCHED =
      List.of(WorkloadRef.of("shop", "checkout"), WorkloadRef.of("bank", "ledger"));
  private static final List<Pause> PAUSES =
      List.of(
          new Pause(
              "deploy-bot",
              "release 4.2",
              List.of("shop/checkout", "bank/ledger"),
              Duration.ofMinutes(10),
              Instant.parse("2026-12-07T10:10:00Z"),
              "c-9"));

  private final ObjectMapper mapper = Json.newMapper();

  @Test
  void viewSerialisesToTheBytesOfTheHandBuiltContextWithAndWithoutPauses() {
    for (List<Pause> pauses : List.of(PAUSES, List.<Pause>of())) {
      // when
      GuardianView view =
          GuardianView.of(
              "g-1", true, "leader (no election)", 3600, "predictive", false, WATCHED, pauses);
      ObjectNode handBuilt = mapper.createObjectNode();
      describe(handBuilt, "g-1", true, "leader (no election)", 3600, "predictive", false, pauses);

      // then
      assertThat(text(Json.bytes(mapper, view))).isEqualTo(text(Json.bytes(mapper, handBuilt)));
    }
  }

  @Test
  void statusReplyIsTheHeartbeatWithTheViewAsGuardianByteForByte() {
    // given
    Envelopes envelopes =
        new Envelopes(
            mapper,
            "ops-guardian",
            Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));
    StatusMessage heartbeat =
        new StatusMessage(
            envelopes.envelope(StatusMessage.TYPE, "status-g-1-1", "g-1"),
            "ops-guardian",
            "g-1",
            "active",
            List.of(),
            5.5,
            StatusMessage.Memory.of(10, 20, 30),
            StatusMessage.Cpu.of(2, 0.5),
            new StatusMessage.Counters(1, 0, 0, 0),
            Map.of("nats", "ok"),
            "dev");
    GuardianView view =
        GuardianView.of("g-1", false, "follower", 60, "reactive", true, WATCHED, PAUSES);

    // when
    String reply = text(Json.bytes(mapper, new GuardianView.StatusReply(heartbeat, view)));

    // then: what the endpoint answered before, a tree of the heartbeat with "guardian" added
    ObjectNode before = mapper.valueToTree(heartbeat);
    describe(before.putObject("guardian"), "g-1", false, "follower", 60, "reactive", true, PAUSES);
    assertThat(reply).isEqualTo(text(Json.bytes(mapper, before)));
    Schemas.assertValid(ContractSchemas.AGENT_STATUS, reply);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** {@code OpsGuardian.describe} as it filled the view by hand before it became a record. */
  private static void describe(
      ObjectNode context,
      String instanceId,
      boolean leader,
      String role,
      long intervalS,
      String mode,
      boolean shadow,
      List<Pause> current) {
    context.put("service_name", "*");
    context.put("instance_id", instanceId);
    context.put("leader", leader);
    context.put("role", role);
    context.put("monitor_interval_s", intervalS);
    context.put("mode", mode);
    context.put("shadow", shadow);
    ArrayNode watched = context.putArray("workloads");
    WATCHED.stream().map(WorkloadRef::toString).forEach(watched::add);
    ArrayNode paused = context.putArray("pauses");
    for (Pause p : current) {
      ObjectNode node = paused.addObject();
      node.put("requested_by", p.requestedBy());
      node.put("reason", p.reason());
      p.services().forEach(node.putArray("services")::add);
      node.put("expires_at", p.expiresAt().toString());
    }
    context.put("reason", current.isEmpty() ? "scaling active" : "scaling paused");
    context.put("confidence", 1.0);
  }
}

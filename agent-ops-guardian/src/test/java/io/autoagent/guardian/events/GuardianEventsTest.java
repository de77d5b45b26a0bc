package io.autoagent.guardian.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.testing.Schemas;
import io.autoagent.guardian.coordination.Pause;
import io.autoagent.guardian.decision.Decision;
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
 * The Guardian's events as {@link GuardianEvent} records serialise to the very bytes the hand-built
 * events published for the same inputs ({@link HandBuiltGuardianEvents}), and are valid envelopes.
 */
class GuardianEventsTest {

  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final WorkloadRef CHECKOUT = WorkloadRef.of("shop", "checkout");
  private static final Pause PAUSE =
      new Pause(
          "deploy-bot",
          "release 4.2",
          List.of("shop/checkout", "bank/ledger"),
          Duration.ofMinutes(10),
          T0.plusSeconds(600),
          "c-9");
  private static final Pause QUIET =
      new Pause("oncall", "", List.of("*"), Duration.ofMinutes(1), T0.plusSeconds(60), "c-8");

  private final ObjectMapper mapper = Json.newMapper();
  private final Envelopes envelopes =
      new Envelopes(mapper, "ops-guardian", Clock.fixed(T0, ZoneOffset.UTC));
  private final GuardianEvents records = new GuardianEvents(envelopes, null);
  private final HandBuiltGuardianEvents handBuilt = new HandBuiltGuardianEvents(mapper, envelopes);

  @Test
  void decisionEventsSerialiseToTheHandBuiltBytes() {
    List<Decision> decisions =
        List.of(
            Decision.scale(2, 3, "cpu 90 % over 70 % target", 0.8),
            Decision.deferred("cooling down", Duration.ofSeconds(90)),
            Decision.blocked("pods crash-looping"),
            Decision.hold("steady"));
    for (Decision decision : decisions) {
      for (DecisionOutcome outcome : DecisionOutcome.values()) {
        if (outcome.eventType() == null) {
          continue;
        }
        for (Pause pause : java.util.Arrays.asList(null, PAUSE, QUIET)) {
          for (String detail : java.util.Arrays.asList(null, "forbidden")) {
            assertSame(
                records.decisionEvent("d-1", "c-1", CHECKOUT, decision, outcome, 2, pause, detail),
                handBuilt.decision("d-1", "c-1", CHECKOUT, decision, outcome, 2, pause, detail));
          }
        }
      }
    }
  }

  @Test
  void coordinationEventsSerialiseToTheHandBuiltBytes() {
    assertSame(records.pausedEvent("p-1", PAUSE), handBuilt.paused("p-1", PAUSE));
    assertSame(
        records.resumedEvent("r-1", "c-2", List.of(PAUSE, QUIET), "oncall", false),
        handBuilt.resumed("r-1", "c-2", List.of(PAUSE, QUIET), "oncall", false));
    assertSame(
        records.resumedEvent("r-2", "c-2", List.of(), "ops-guardian", true),
        handBuilt.resumed("r-2", "c-2", List.of(), "ops-guardian", true));
    assertSame(
        records.resumedEvent("r-3", "c-2", List.of(PAUSE), null, false),
        handBuilt.resumed("r-3", "c-2", List.of(PAUSE), null, false));
  }

  @Test
  void commandEventsSerialiseToTheHandBuiltBytes() {
    String big = "x".repeat(5000);
    for (String payload : java.util.Arrays.asList(null, "{\"type\": \"launch\"}", big)) {
      assertSame(
          records.rejectedEvent("x-1", "c-3", "ops_guardian", "unsupported type", payload),
          handBuilt.rejected("x-1", "c-3", "ops_guardian", "unsupported type", payload));
    }
    assertSame(
        records.failedEvent("f-1", "c-4", "ops_guardian", "gave up"),
        handBuilt.failed("f-1", "c-4", "ops_guardian", "gave up"));
  }

  @Test
  void statusEventWrapsTheViewRecordAsItsContext() {
    // given a view record (GuardianViewTest pins the view's own bytes)
    record View(String serviceName, boolean leader, List<String> workloads) {}
    View view = new View("*", true, List.of("shop/checkout"));

    // then
    assertSame(
        records.statusEvent("s-1", "c-5", view),
        handBuilt.status(
            "s-1", "c-5", context -> context.setAll((ObjectNode) mapper.valueToTree(view))));
    assertThat(
            mapper
                .valueToTree(records.statusEvent("s-1", "c-5", Map.of("leader", true)))
                .toString())
        .contains("\"context\":{\"leader\":true}");
  }

  private void assertSame(GuardianEvent record, ObjectNode handBuilt) {
    String json = new String(Json.bytes(mapper, record), StandardCharsets.UTF_8);
    assertThat(json).isEqualTo(new String(Json.bytes(mapper, handBuilt), StandardCharsets.UTF_8));
    Schemas.assertValid(ContractSchemas.ENVELOPE, json);
  }
}

package io.autoagent.tools.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * The audit documents as records ({@link RunbookResultMessage}, {@link RunbookAuditEvent}, {@link
 * RemediationEvent}) serialise to the very bytes the hand-built trees published for the same
 * reports ({@link HandBuiltAuditDocuments}), and results validate against {@code
 * runbook-execution-result.schema.json}. The one exception is a step's {@code undo}, whose two keys
 * the hand-built code put in a {@code Map.of} (iteration order unspecified, so its bytes varied
 * from run to run): that document is compared as a JSON tree.
 */
class AuditDocumentsTest {

  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final ExecutionRequest LIVE =
      new ExecutionRequest(
          "x-1",
          "c-1",
          "increase-memory-limit",
          new ExecutionRequest.Target("shop", "payments", null, null),
          Map.of("memory", "768Mi"),
          false,
          "alice",
          T0,
          new ExecutionRequest.Approval("bob", T0.plusSeconds(5)));
  private static final ExecutionRequest NODE_DRY_RUN =
      new ExecutionRequest(
          "x-2",
          null,
          "cordon-node",
          new ExecutionRequest.Target("ops", null, "Node", "node-1"),
          Map.of(),
          true,
          null,
          null,
          null);
  private static final StepReport PATCHED =
      new StepReport(
          0,
          StepReport.PHASE_STEP,
          "raise-limit",
          "patch_memory_limit",
          StepStatus.SUCCEEDED,
          "limit raised",
          null,
          T0,
          T0.plusMillis(250),
          List.of(
              new FieldChange("Deployment/payments", "spec.replicas", 2, 3),
              new FieldChange("Deployment/payments", "memory", null, "768Mi")),
          null);
  private static final StepReport FAILED =
      new StepReport(
          1,
          StepReport.PHASE_ROLLBACK,
          "verify",
          "wait_for_rollout",
          StepStatus.FAILED,
          "",
          "timed out",
          T0,
          null,
          List.of(),
          null);
  private static final Decision DECISION =
      new Decision("allowed", "policy allows it", "shop/payments", "alice", Trust.SIGNED, "bob");

  private final ObjectMapper mapper = Json.newMapper();
  private final Envelopes envelopes =
      new Envelopes(mapper, "infrastructure-agent", Clock.fixed(T0, ZoneOffset.UTC));
  private final NatsAuditSink sink = new NatsAuditSink(mapper, envelopes, null);
  private final HandBuiltAuditDocuments handBuilt = new HandBuiltAuditDocuments(mapper, envelopes);

  @Test
  void resultsSerialiseToTheHandBuiltBytesAndFollowTheSchema() {
    List<ExecutionReport> reports =
        List.of(
            new ExecutionReport(
                LIVE,
                ExecutionStatus.FAILED,
                false,
                List.of(PATCHED, FAILED),
                List.of(new CheckOutcome("below_ceiling", true, "768Mi <= 4Gi")),
                List.of(new CheckOutcome("pods_ready", false, "1/3 ready")),
                false,
                DECISION,
                null),
            new ExecutionReport(
                NODE_DRY_RUN,
                ExecutionStatus.DRY_RUN,
                true,
                List.of(PATCHED.withStatus(StepStatus.PLANNED)),
                List.of(),
                List.of(new CheckOutcome("node_exists", true, "")),
                null,
                new Decision("dry_run", "dry run asked", null, null, null, null),
                null),
            new ExecutionReport(
                new ExecutionRequest(
                    "x-3",
                    "c-3",
                    "cordon-node",
                    new ExecutionRequest.Target("ops", null, null, "node-2"),
                    null,
                    false,
                    "bob",
                    null,
                    null),
                ExecutionStatus.REJECTED,
                false,
                List.of(),
                List.of(),
                List.of(),
                null,
                null,
                new ExecutionError("POLICY_DENIED", "no policy covers ops/node-1")),
            new ExecutionReport(
                LIVE,
                ExecutionStatus.PROPOSED,
                false,
                List.of(),
                List.of(),
                List.of(),
                null,
                DECISION,
                null,
                new PullRequestReport(
                    PullRequestReport.Outcome.CREATED,
                    "https://github.com/acme/platform/pull/9",
                    "autoagent/shop-payments",
                    "abc123",
                    List.of("memory: 512Mi -> 768Mi"),
                    "pull request created")),
            new ExecutionReport(
                LIVE,
                ExecutionStatus.PROPOSED,
                false,
                List.of(),
                List.of(),
                List.of(),
                null,
                null,
                null,
                new PullRequestReport(
                    PullRequestReport.Outcome.QUEUED, null, null, null, null, "forge down")));
    for (ExecutionReport report : reports) {
      // when
      String record = json(sink.resultMessage(report, "m-1"));
      String running =
          json(
              RunbookResultMessage.of(
                  envelopes.envelope(
                      RunbookResultMessage.TYPE,
                      "execution-" + report.request().executionId() + "-3",
                      report.request().correlationId()),
                  report,
                  3));

      // then
      assertThat(record).isEqualTo(json(handBuilt.resultDocument(report, "m-1")));
      assertThat(running).isEqualTo(json(handBuilt.running(report, 3)));
      Schemas.assertValid(ContractSchemas.RUNBOOK_RESULT, record);
      Schemas.assertValid(ContractSchemas.RUNBOOK_RESULT, running);
    }
  }

  @Test
  void auditEventsSerialiseToTheHandBuiltBytes() {
    for (ExecutionRequest request : List.of(LIVE, NODE_DRY_RUN)) {
      for (StepReport step : List.of(PATCHED, FAILED)) {
        String event =
            json(
                RunbookAuditEvent.step(
                    envelopes.envelope(RunbookAuditEvent.TYPE, "s-1", request.correlationId()),
                    request,
                    step));
        assertThat(event).isEqualTo(json(handBuilt.stepEvent(request, step, "s-1")));
        Schemas.assertValid(ContractSchemas.ENVELOPE, event);
      }
      String decision =
          json(
              RunbookAuditEvent.decision(
                  envelopes.envelope(RunbookAuditEvent.TYPE, "d-1", request.correlationId()),
                  request,
                  DECISION));
      assertThat(decision).isEqualTo(json(handBuilt.decisionEvent(request, DECISION, "d-1")));
      Schemas.assertValid(ContractSchemas.ENVELOPE, decision);
    }
  }

  @Test
  void publishedEventSerialisesToTheHandBuiltBytes() {
    // given a context as a step gives it, nested and with a null value
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("namespace", "shop");
    context.put("replicas", 3);
    context.put("labels", Map.of("app", "payments"));
    context.put("note", null);

    // when
    String event =
        json(
            new RemediationEvent(
                envelopes.envelope(RemediationEvent.TYPE, "e-1", "c-1"),
                "scaled",
                "info",
                "operator",
                "scaled shop/payments to 3",
                context));

    // then
    assertThat(event)
        .isEqualTo(
            json(handBuilt.event("scaled", "info", "scaled shop/payments to 3", context, "e-1")));
    Schemas.assertValid(ContractSchemas.ENVELOPE, event);
  }

  @Test
  void aStepsUndoIsTheSameTreeAsTheHandBuiltOne() throws Exception {
    // given a step that can be undone
    StepReport undoable =
        new StepReport(
            0,
            StepReport.PHASE_STEP,
            "scale",
            "scale_deployment",
            StepStatus.SUCCEEDED,
            null,
            null,
            T0,
            T0,
            List.of(new FieldChange("Deployment/payments", "spec.replicas", 2, 3)),
            new Undo("scale_deployment", Map.of("replicas", 2)));
    ExecutionReport report =
        new ExecutionReport(
            LIVE,
            ExecutionStatus.SUCCEEDED,
            false,
            List.of(undoable),
            List.of(),
            List.of(),
            true,
            null,
            null);

    // when
    String record = json(sink.resultMessage(report, "m-2"));

    // then: the same tree; the record's undo is always {"action", "args"} in that order
    assertThat(mapper.readTree(record))
        .isEqualTo(mapper.readTree(json(handBuilt.resultDocument(report, "m-2"))));
    assertThat(record)
        .contains("\"undo\":{\"action\":\"scale_deployment\",\"args\":{\"replicas\":2}}");
    Schemas.assertValid(ContractSchemas.RUNBOOK_RESULT, record);
  }

  private String json(Object document) {
    return new String(Json.bytes(mapper, document), StandardCharsets.UTF_8);
  }
}

package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.testing.Schemas;
import io.autoagent.tools.gitops.FieldEdit;
import io.autoagent.tools.gitops.GitOpsChange;
import io.autoagent.tools.gitops.GitOpsResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pull-request events as records serialise to the very bytes the hand-built events published
 * for the same change and result (that code is kept below), and are valid envelopes.
 */
class PullRequestEventTest {

  private static final GitOpsChange CHANGE =
      new GitOpsChange(
          "shop",
          "payments",
          "Deployment",
          List.of(new FieldEdit.Replicas(4)),
          "shop/payments/OOM_KILLED",
          "out of memory",
          "scale-deployment",
          "x-1",
          Instant.parse("2026-12-07T09:00:00Z"));

  private final ObjectMapper mapper = Json.newMapper();
  private final Envelopes envelopes =
      new Envelopes(
          mapper,
          "infrastructure-agent",
          Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));

  @Test
  void serialisesToTheBytesOfTheHandBuiltEventsOpenedSupersededAndFailed() {
    List<GitOpsResult> results =
        Arrays.asList(
            new GitOpsResult(
                "https://github.com/acme/platform/pull/7",
                "autoagent/shop-payments",
                "abc123",
                GitOpsResult.Outcome.CREATED,
                "diff"),
            new GitOpsResult(
                "https://github.com/acme/platform/pull/7",
                "autoagent/shop-payments",
                "def456",
                GitOpsResult.Outcome.SUPERSEDED,
                ""),
            null);
    for (GitOpsResult pr : results) {
      String type =
          pr == null
              ? PullRequestDelivery.EVENT_FAILED
              : pr.outcome() == GitOpsResult.Outcome.SUPERSEDED
                  ? PullRequestDelivery.EVENT_SUPERSEDED
                  : PullRequestDelivery.EVENT_OPENED;
      String severity = pr == null ? "high" : "info";

      // when
      byte[] record =
          Json.bytes(
              mapper,
              PullRequestEvent.of(
                  envelopes.envelope(PullRequestEvent.TYPE, type + "-a-1", "c-1"),
                  type,
                  severity,
                  "a-1",
                  CHANGE,
                  "what happened",
                  pr));
      byte[] handBuilt =
          Json.bytes(mapper, handBuilt(type, severity, "a-1", CHANGE, "what happened", pr));

      // then
      String json = new String(record, StandardCharsets.UTF_8);
      assertThat(json).isEqualTo(new String(handBuilt, StandardCharsets.UTF_8));
      Schemas.assertValid(ContractSchemas.ENVELOPE, json);
    }
  }

  /**
   * {@code PullRequestDelivery.publish}'s event as it was built by hand before it became a record
   * (with a fixed correlation id where it made a random one).
   */
  private ObjectNode handBuilt(
      String type,
      String severity,
      String executionId,
      GitOpsChange change,
      String message,
      GitOpsResult pr) {
    String messageId = type + "-" + executionId;
    ObjectNode event = envelopes.create("agent_event", messageId, "c-1");
    event.put("event_type", type);
    event.put("severity", severity);
    event.put("audience", "operator");
    event.put("message", message);
    ObjectNode context = event.putObject("context");
    context.put("execution_id", executionId);
    context.put("incident", change.incidentKey());
    context.put("namespace", change.namespace());
    context.put("workload", change.workload());
    context.put("runbook_id", change.runbookId());
    if (pr != null) {
      context.put("url", pr.prUrl());
      context.put("outcome", pr.outcome().wireName());
      context.put("branch", pr.branch());
      context.put("commit", pr.commit());
    }
    return event;
  }
}

package io.autoagent.infra;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.core.messaging.Envelope;
import io.autoagent.core.messaging.WireMessage;
import io.autoagent.tools.remediation.RunbookResultMessage;
import java.util.List;
import java.util.Objects;

/**
 * The {@code runbook_execution_result} with {@code status: rejected} that answers a runbook request
 * the agent cannot use (unreadable, invalid, or refused before any engine saw it), on {@code
 * runbook.execution.infrastructure} ({@code runbook-execution-result.schema.json}). It echoes what
 * could be read of the request: {@code runbook_id} when it is a string, {@code target} when it is
 * an object. Serialised once by the agent's mapper; null fields are left out.
 *
 * @param steps always empty: nothing ran
 */
public record RunbookRequestRejected(
    @JsonUnwrapped Envelope envelope,
    String executionId,
    String runbookId,
    String status,
    boolean dryRun,
    JsonNode target,
    List<Object> steps,
    RunbookResultMessage.Error error)
    implements WireMessage {

  public RunbookRequestRejected {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(error, "error");
    steps = List.of();
  }

  /**
   * The rejection of {@code request} (null when it could not be read as a JSON object), known as
   * {@code executionId}.
   */
  public static RunbookRequestRejected of(
      Envelope envelope, JsonNode request, String executionId, String code, String message) {
    return new RunbookRequestRejected(
        envelope,
        executionId,
        request != null && request.path("runbook_id").isTextual()
            ? request.get("runbook_id").asText()
            : null,
        "rejected",
        request == null || request.path("dry_run").asBoolean(true),
        request != null && request.path("target").isObject() ? request.get("target") : null,
        List.of(),
        new RunbookResultMessage.Error(code, message));
  }
}

package io.autoagent.infra;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.autoagent.core.messaging.Envelope;
import io.autoagent.core.messaging.WireMessage;
import io.autoagent.tools.runbook.RunbookRejection;
import java.util.Objects;

/**
 * The {@code agent_event} published on {@code agent.events.infrastructure-agent} when a runbook (a
 * file or a KV entry) is refused ({@code event_type: runbook_rejected}), for operators.
 *
 * @param runbookId the refused runbook's id, when it could be read; may be null
 * @param runbookSource where it came from (file path or KV key)
 * @param keptPrevious whether an earlier valid version of it stays in use
 * @param reason why it was refused
 */
public record RunbookRejectedEvent(
    @JsonUnwrapped Envelope envelope,
    String eventType,
    String severity,
    String audience,
    String runbookId,
    String runbookSource,
    boolean keptPrevious,
    String reason)
    implements WireMessage {

  public static final String TYPE = "agent_event";
  public static final String EVENT_TYPE = "runbook_rejected";

  public RunbookRejectedEvent {
    Objects.requireNonNull(envelope, "envelope");
  }

  /** The event for {@code rejection}, under {@code envelope}. */
  public static RunbookRejectedEvent of(Envelope envelope, RunbookRejection rejection) {
    return new RunbookRejectedEvent(
        envelope,
        EVENT_TYPE,
        "medium",
        "operator",
        rejection.runbookId(),
        rejection.source(),
        rejection.keptPrevious(),
        rejection.summary());
  }
}

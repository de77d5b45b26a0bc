package io.autoagent.tools.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One delivery queued in the outbox (JSON on the {@code escalation-outbox} stream).
 *
 * @param action what the worker does
 * @param escalation the message (for {@code NOTIFY} and {@code RAISE_TICKET}); null otherwise
 * @param incident the service whose tickets close (for {@code RESOLVE_TICKETS})
 * @param alertId the alert that caused it; for {@code OPEN_PULL_REQUEST} the execution (alert path:
 *     {@code alert-<alert_id>-<runbook_id>})
 * @param payload what {@code OPEN_PULL_REQUEST} proposes (a {@code GitOpsChange} as JSON, read by
 *     the delivery registered for it); null for the other actions
 */
public record OutboxItem(
    Action action, Escalation escalation, IncidentKey incident, String alertId, JsonNode payload) {

  /** What the worker does with an item. */
  public enum Action {
    NOTIFY,
    RAISE_TICKET,
    RESOLVE_TICKETS,
    /** Open (or update) a GitOps pull request that could not be opened when it was proposed. */
    OPEN_PULL_REQUEST,
    /**
     * Store an incident archive ({@code payload}: an {@link io.autoagent.tools.archive.ArchiveJob},
     * see {@link ArchiveQueue}).
     */
    ARCHIVE
  }

  public OutboxItem {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(alertId, "alertId");
    switch (action) {
      case NOTIFY, RAISE_TICKET -> Objects.requireNonNull(escalation, "escalation");
      case RESOLVE_TICKETS -> Objects.requireNonNull(incident, "incident");
      case OPEN_PULL_REQUEST, ARCHIVE -> Objects.requireNonNull(payload, "payload");
    }
  }

  public OutboxItem(Action action, Escalation escalation, IncidentKey incident, String alertId) {
    this(action, escalation, incident, alertId, null);
  }

  public static OutboxItem notify(Escalation e) {
    return new OutboxItem(Action.NOTIFY, e, null, e.alertId());
  }

  public static OutboxItem raiseTicket(Escalation e) {
    return new OutboxItem(Action.RAISE_TICKET, e, null, e.alertId());
  }

  public static OutboxItem resolveTickets(IncidentKey service, String alertId) {
    return new OutboxItem(Action.RESOLVE_TICKETS, null, service, alertId);
  }

  /** A pull request to open once the forge (or the git remote) answers again. */
  public static OutboxItem openPullRequest(String executionId, JsonNode change) {
    return new OutboxItem(Action.OPEN_PULL_REQUEST, null, null, executionId, change);
  }

  /**
   * Deterministic, so a re-published item (after a timeout or redelivered alert) is dropped as a
   * duplicate.
   */
  public String messageId() {
    if (action == Action.ARCHIVE) {
      return payload.path("message_id").asText(alertId); // once per incident and evidence
    }
    String kind = escalation == null ? "-" : escalation.kind().name();
    return action + ":" + kind + ":" + alertId;
  }
}

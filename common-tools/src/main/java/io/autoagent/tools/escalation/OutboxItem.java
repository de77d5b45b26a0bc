package io.autoagent.tools.escalation;

import java.util.Objects;

/**
 * One delivery queued in the outbox (JSON on the {@code escalation-outbox} stream).
 *
 * @param action what the worker does
 * @param escalation the message (for {@code NOTIFY} and {@code RAISE_TICKET}); null for {@code
 *     RESOLVE_TICKETS}
 * @param incident the service whose tickets close (for {@code RESOLVE_TICKETS})
 * @param alertId the alert that caused it
 */
public record OutboxItem(Action action, Escalation escalation, IncidentKey incident, String alertId) {

  /** What the worker does with an item. */
  public enum Action {
    NOTIFY,
    RAISE_TICKET,
    RESOLVE_TICKETS
  }

  public OutboxItem {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(alertId, "alertId");
    if (action != Action.RESOLVE_TICKETS) {
      Objects.requireNonNull(escalation, "escalation");
    } else {
      Objects.requireNonNull(incident, "incident");
    }
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

  /** Deterministic, so a re-published item (after a timeout or redelivered alert) is dropped as a duplicate. */
  public String messageId() {
    String kind = escalation == null ? "-" : escalation.kind().name();
    return action + ":" + kind + ":" + alertId;
  }
}

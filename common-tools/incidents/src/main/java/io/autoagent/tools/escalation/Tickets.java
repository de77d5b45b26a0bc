package io.autoagent.tools.escalation;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dedupe over a {@link TicketTracker}: one open ticket per {@link IncidentKey}. A repeat comments
 * on it; a healthy analysis closes every open ticket of the service. Re-running a step after a
 * retry is harmless, since each step looks the ticket up first.
 */
public final class Tickets {

  private static final Logger log = LoggerFactory.getLogger(Tickets.class);

  private final TicketTracker tracker;

  public Tickets(TicketTracker tracker) {
    this.tracker = tracker;
  }

  /**
   * Opens a ticket for the incident, or comments on the open one. Does nothing without a tracker
   * ({@code TICKETS_PROVIDER=none}).
   */
  public void raise(Escalation e) {
    if (tracker == TicketTracker.NONE) {
      log.debug(
          "No ticket for {}/{} {}: TICKETS_PROVIDER is none",
          e.namespace(),
          e.service(),
          e.category());
      return;
    }
    IncidentKey key = e.incident();
    String body = SlackMessages.plainText(e);
    List<String> open = tracker.findOpen(key.label());
    if (open.isEmpty()) {
      String id = tracker.open(title(e), body, List.of(key.label(), key.serviceLabel()));
      if (id == null || id.isBlank()) {
        log.warn(
            "The ticket tracker opened a ticket for {}/{} {} but returned no id",
            e.namespace(),
            e.service(),
            e.category());
      } else {
        log.info("Opened ticket {} for {}/{} {}", id, e.namespace(), e.service(), e.category());
      }
    } else {
      tracker.comment(open.getFirst(), "Again: " + body);
      log.info(
          "Commented on ticket {} for {}/{} {}",
          open.getFirst(),
          e.namespace(),
          e.service(),
          e.category());
    }
  }

  /** Closes every open ticket of the service. */
  public void resolve(IncidentKey service, String alertId) {
    for (String id : tracker.findOpen(service.serviceLabel())) {
      tracker.close(
          id,
          "Resolved: alert "
              + alertId
              + " found "
              + service.namespace()
              + "/"
              + service.service()
              + " healthy.");
      log.info("Closed ticket {} for {}/{}", id, service.namespace(), service.service());
    }
  }

  static String title(Escalation e) {
    return "[autoagent] " + e.category() + " in " + e.namespace() + "/" + e.service();
  }
}

package io.autoagent.tools.escalation;

/**
 * Where people are told (Slack). Called by the outbox worker, one escalation at a time.
 *
 * @throws io.autoagent.core.RetriableException when the service is down or throttling; the outbox
 *     delivers again later
 * @throws io.autoagent.core.PermanentException when the request is refused (bad webhook, auth)
 */
public interface Notifier {

  /** Tells nobody: no webhook configured. */
  Notifier NOOP = escalation -> {};

  void notify(Escalation escalation);
}

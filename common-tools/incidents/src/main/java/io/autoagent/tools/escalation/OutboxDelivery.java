package io.autoagent.tools.escalation;

/**
 * Performs one queued item. Throw {@link io.autoagent.core.RetriableException} to have the item
 * delivered again after a backoff; {@link io.autoagent.core.PermanentException} drops it with an
 * error log. Must be idempotent enough to repeat after a crash between acting and acknowledging.
 */
@FunctionalInterface
public interface OutboxDelivery {
  void deliver(OutboxItem item);
}

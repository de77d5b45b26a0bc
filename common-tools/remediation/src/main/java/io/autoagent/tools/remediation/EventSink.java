package io.autoagent.tools.remediation;

import java.util.Map;

/**
 * Where the {@code publish_event} action sends its events; the agent publishes them on {@code
 * agent.events.infrastructure-agent}. May throw {@link io.autoagent.core.RetriableException}.
 */
public interface EventSink {

  /**
   * @param messageId deterministic, derived from the execution and step
   */
  void publish(
      String eventType,
      String severity,
      String message,
      Map<String, Object> context,
      String messageId);

  EventSink NOOP = (eventType, severity, message, context, messageId) -> {};
}

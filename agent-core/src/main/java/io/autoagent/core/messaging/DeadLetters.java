package io.autoagent.core.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Publishes the dead-letter event ({@link DeadLetterEvent}) for a request the agent gave up on: an
 * {@code agent.events.<agent>} event carrying the original payload, so nothing is lost even when
 * the request is terminated.
 */
final class DeadLetters {

  private final Envelopes envelopes;
  private final DocumentPublisher documents;

  DeadLetters(ObjectMapper mapper, Envelopes envelopes, Publisher publisher) {
    this.envelopes = envelopes;
    this.documents = new DocumentPublisher(mapper, publisher);
  }

  void publish(Request request, String reason, String correlationId) {
    documents.publish(
        Contract.SUBJECT_EVENTS_PREFIX + envelopes.source(),
        DeadLetterEvent.of(
            envelopes.envelope(
                DeadLetterEvent.TYPE, DeadLetterEvent.messageId(request), correlationId),
            request,
            reason));
  }
}

package io.autoagent.core.messaging;

/**
 * A document an agent publishes, as a record serialised once by the agent's mapper ({@link
 * io.autoagent.core.json.Json#newMapper()}: snake_case, nulls left out). Implementations put their
 * {@link Envelope} at the top level with {@code @JsonUnwrapped} on the {@code envelope} component.
 * Published through {@link DocumentPublisher}.
 */
public interface WireMessage {

  /** The envelope; its {@code message_id} is the publication's {@code Nats-Msg-Id}. */
  Envelope envelope();
}

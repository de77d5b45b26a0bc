package io.autoagent.core.llm;

import io.autoagent.core.PermanentException;

/**
 * The null object for {@code LLM_PROVIDER=none}: never calls anything, reports {@code disabled}.
 * Callers check {@link #enabled()} and use their rules instead; {@link #chat} throws {@link
 * PermanentException} for a caller that did not.
 */
public final class DisabledLlmClient implements LlmClient {

  public static final DisabledLlmClient INSTANCE = new DisabledLlmClient();

  private DisabledLlmClient() {}

  @Override
  public String provider() {
    return "none";
  }

  @Override
  public String model() {
    return "none";
  }

  @Override
  public boolean enabled() {
    return false;
  }

  @Override
  public State state() {
    return State.DISABLED;
  }

  @Override
  public LlmReply chat(LlmPrompt prompt) {
    throw new PermanentException("no LLM provider is configured (LLM_PROVIDER=none)");
  }
}

package io.autoagent.core.llm;

/**
 * Port to a chat model. Core code sees only this interface; the LangChain4j providers sit behind
 * it.
 *
 * <p>Thread-safe: called from many worker threads at once. {@link #chat} blocks for at most the
 * configured {@code LLM_TIMEOUT_S} (retries included) and then either answers or throws:
 *
 * <ul>
 *   <li>{@link io.autoagent.core.RetriableException}: timeout, 429, 5xx, network error, or the
 *       circuit breaker is open; the caller falls back (for the analyzer: the rules' verdict) and
 *       may try again for a later incident.
 *   <li>{@link io.autoagent.core.PermanentException}: authentication, a request the provider
 *       refuses (other 4xx), or no provider configured; trying again will not help.
 * </ul>
 *
 * Nothing is redacted here: callers redact with {@link Redactor} before building the prompt.
 */
public interface LlmClient extends AutoCloseable {

  /** {@code openai}, {@code gemini} or {@code none}. */
  String provider();

  /** Model name sent to the provider; {@code none} when disabled. */
  String model();

  /** Whether a provider is configured; false only for {@link DisabledLlmClient}. */
  default boolean enabled() {
    return true;
  }

  /** The state for {@code connections.llm} of the heartbeat; cheap, no I/O. */
  State state();

  LlmReply chat(LlmPrompt prompt);

  /** Releases threads and connections; the client must not be used afterwards. */
  @Override
  default void close() {}

  /** Connection state as reported in heartbeats. */
  enum State {
    OK,
    /** Recent calls failed and the circuit breaker holds calls back. */
    DOWN,
    /** No provider configured. */
    DISABLED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}

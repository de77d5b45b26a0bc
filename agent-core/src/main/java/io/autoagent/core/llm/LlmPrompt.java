package io.autoagent.core.llm;

import java.util.Objects;

/**
 * One chat request: a system prompt, one user message and, optionally, the JSON shape the answer
 * must have (sent as the provider's structured-output response format).
 *
 * @param system instructions; trusted text only
 * @param user the request, with untrusted text fenced as data by the caller
 * @param schema the answer's shape, or null for free text
 * @param maxOutputTokens cap on the answer's tokens; 0 leaves the provider's default
 */
public record LlmPrompt(
    String system, String user, OutputSchema schema, int maxOutputTokens, long deadlineNanos) {

  /** No deadline of the caller's own: the client's {@code LLM_TIMEOUT_S} alone bounds the call. */
  public static final long NO_DEADLINE = Long.MAX_VALUE;

  public LlmPrompt {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(user, "user");
    if (maxOutputTokens < 0) {
      throw new IllegalArgumentException("maxOutputTokens must not be negative");
    }
  }

  public LlmPrompt(String system, String user, OutputSchema schema, int maxOutputTokens) {
    this(system, user, schema, maxOutputTokens, NO_DEADLINE);
  }

  /**
   * The same prompt, due by {@code deadlineNanos} ({@link System#nanoTime()} scale): the client
   * gives up rather than wait past it, a {@code Retry-After} included.
   */
  public LlmPrompt withDeadline(long deadlineNanos) {
    return new LlmPrompt(system, user, schema, maxOutputTokens, deadlineNanos);
  }

  /**
   * Milliseconds left before the deadline (may be negative); {@code Long.MAX_VALUE} without one.
   */
  public long millisLeft() {
    return deadlineNanos == NO_DEADLINE
        ? Long.MAX_VALUE
        : (deadlineNanos - System.nanoTime()) / 1_000_000;
  }
}

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
public record LlmPrompt(String system, String user, OutputSchema schema, int maxOutputTokens) {
  public LlmPrompt {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(user, "user");
    if (maxOutputTokens < 0) {
      throw new IllegalArgumentException("maxOutputTokens must not be negative");
    }
  }
}

package io.autoagent.core.llm;

import java.util.Objects;

/**
 * A chat model's answer.
 *
 * @param text the answer's text (JSON when the prompt carried a schema)
 * @param inputTokens prompt tokens the provider counted; 0 when it did not say
 * @param outputTokens answer tokens the provider counted; 0 when it did not say
 */
public record LlmReply(String text, int inputTokens, int outputTokens) {
  public LlmReply {
    text = Objects.requireNonNullElse(text, "");
  }

  public int totalTokens() {
    return inputTokens + outputTokens;
  }
}

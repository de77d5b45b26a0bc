package io.autoagent.core.llm;

import java.time.Duration;

/**
 * What the LLM client counts, per provider and model (fixed when the sink is made). Implementations
 * are thread-safe; {@link #NOOP} counts nothing.
 */
interface LlmMetrics {

  LlmMetrics NOOP =
      new LlmMetrics() {
        @Override
        public void call(String outcome, Duration latency, int inputTokens, int outputTokens) {}

        @Override
        public void failure(String reason) {}
      };

  /** One HTTP attempt finished: {@code ok} or a failure reason, with the tokens it used. */
  void call(String outcome, Duration latency, int inputTokens, int outputTokens);

  /** A failed attempt or a call that was not made (circuit open) or abandoned (timeout). */
  void failure(String reason);
}

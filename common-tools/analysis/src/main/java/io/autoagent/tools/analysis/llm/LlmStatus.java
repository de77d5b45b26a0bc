package io.autoagent.tools.analysis.llm;

import java.util.Locale;

/** How the LLM contributed to one analysis: the value of {@code sources.llm}. */
public enum LlmStatus {
  /** The LLM answered and its verdict passed validation; {@code analyzer} is {@code llm/...}. */
  OK,
  /** Timeout, 429, 5xx, network error or open circuit: the rules' verdict stands. */
  UNAVAILABLE,
  /** Invalid answer twice, or the provider refused the request: the rules' verdict stands. */
  ERROR,
  /** No provider configured, or the evidence did not fit the token limits: rules only. */
  SKIPPED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package io.autoagent.core.llm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** {@link LlmMetrics} on Micrometer; tags are provider, model and an outcome or reason only. */
final class MicrometerLlmMetrics implements LlmMetrics {

  static final String CALLS = "llm.calls";
  static final String FAILURES = "llm.failures";
  static final String LATENCY = "llm.latency";
  static final String TOKENS = "llm.tokens";

  private final MeterRegistry registry;
  private final String provider;
  private final String model;

  MicrometerLlmMetrics(MeterRegistry registry, String provider, String model) {
    this.registry = registry;
    this.provider = provider;
    this.model = model;
  }

  @Override
  public void call(String outcome, Duration latency, int inputTokens, int outputTokens) {
    Counter.builder(CALLS).tags(tags()).tag("outcome", outcome).register(registry).increment();
    Timer.builder(LATENCY).tags(tags()).tag("outcome", outcome).register(registry).record(latency);
    if (inputTokens > 0) {
      Counter.builder(TOKENS)
          .tags(tags())
          .tag("direction", "input")
          .register(registry)
          .increment(inputTokens);
    }
    if (outputTokens > 0) {
      Counter.builder(TOKENS)
          .tags(tags())
          .tag("direction", "output")
          .register(registry)
          .increment(outputTokens);
    }
  }

  @Override
  public void failure(String reason) {
    Counter.builder(FAILURES).tags(tags()).tag("reason", reason).register(registry).increment();
  }

  private String[] tags() {
    return new String[] {"provider", provider, "model", model};
  }
}

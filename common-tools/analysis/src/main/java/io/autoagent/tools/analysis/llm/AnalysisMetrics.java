package io.autoagent.tools.analysis.llm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts LLM analyses by outcome and cache use; tags are low-cardinality. Null registry: no-op. */
final class AnalysisMetrics {

  static final String ANALYSES = "llm.analyses";
  static final String CACHE = "llm.analysis.cache";

  private final MeterRegistry registry;

  AnalysisMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void analysis(LlmStatus status) {
    if (registry != null) {
      Counter.builder(ANALYSES).tag("status", status.wire()).register(registry).increment();
    }
  }

  void cache(boolean hit) {
    if (registry != null) {
      Counter.builder(CACHE).tag("result", hit ? "hit" : "miss").register(registry).increment();
    }
  }
}

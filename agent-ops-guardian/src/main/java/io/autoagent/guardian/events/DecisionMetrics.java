package io.autoagent.guardian.events;

import io.autoagent.guardian.decision.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Objects;

/**
 * Counts decisions by kind and by what was done with them ({@value #DECISIONS}, tags {@code kind}
 * and {@code outcome}: low cardinality, never workload names). Micrometer stays in this class.
 */
public final class DecisionMetrics {

  public static final String DECISIONS = "guardian.decisions";
  public static final String READ_FAILURES = "guardian.signal.read.failures";

  private final MeterRegistry registry;

  public DecisionMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  public void record(Decision decision, DecisionOutcome outcome) {
    Counter.builder(DECISIONS)
        .description("Ops Guardian decisions by kind and outcome")
        .tag("kind", decision.kind().name().toLowerCase(Locale.ROOT))
        .tag("outcome", outcome.tag())
        .register(registry)
        .increment();
  }

  /**
   * A workload whose signals could not be read this cycle; {@code cause} is retriable or permanent.
   */
  public void readFailed(String cause) {
    Counter.builder(READ_FAILURES).tag("cause", cause).register(registry).increment();
  }

  /** How many decisions of this kind had this outcome so far (tests, status). */
  public double count(Decision.Kind kind, DecisionOutcome outcome) {
    Counter c =
        registry
            .find(DECISIONS)
            .tag("kind", kind.name().toLowerCase(Locale.ROOT))
            .tag("outcome", outcome.tag())
            .counter();
    return c == null ? 0 : c.count();
  }
}

package io.autoagent.guardian.events;

import io.autoagent.guardian.advisor.AdvisorMetrics;
import io.autoagent.guardian.advisor.AdvisorOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Counts advisor consultations by outcome ({@value #ADVISOR}, tag {@code outcome}: accepted,
 * clamped, ignored, rejected, unavailable). Micrometer stays in this class.
 */
public final class AdvisorOutcomeMetrics implements AdvisorMetrics {

  public static final String ADVISOR = "guardian.advisor.outcomes";

  private final MeterRegistry registry;

  public AdvisorOutcomeMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void record(AdvisorOutcome outcome) {
    counter(outcome).increment();
  }

  /** How many consultations had this outcome so far (tests, status). */
  public double count(AdvisorOutcome outcome) {
    Counter c = registry.find(ADVISOR).tag("outcome", outcome.tag()).counter();
    return c == null ? 0 : c.count();
  }

  private Counter counter(AdvisorOutcome outcome) {
    return Counter.builder(ADVISOR)
        .description("Ops Guardian advisor consultations by outcome")
        .tag("outcome", outcome.tag())
        .register(registry);
  }
}

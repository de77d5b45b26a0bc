package io.autoagent.guardian.advisor;

/**
 * Port for counting advisor outcomes; the Micrometer adapter lives in {@code events}. Must be
 * thread-safe and must not throw.
 */
public interface AdvisorMetrics {

  /** Counts nothing. */
  AdvisorMetrics NOOP = outcome -> {};

  void record(AdvisorOutcome outcome);
}

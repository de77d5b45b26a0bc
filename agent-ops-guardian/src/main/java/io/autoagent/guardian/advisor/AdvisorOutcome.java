package io.autoagent.guardian.advisor;

import java.util.Locale;

/** What became of one consultation of the advisor; the {@code outcome} tag of the metric. */
public enum AdvisorOutcome {
  /** Valid advice, used as given. */
  ACCEPTED,
  /** Valid advice, used after clamping to the bounds, the step limit or confidence 0 to 1. */
  CLAMPED,
  /** Valid advice below the configured minimum confidence: the rules decide. */
  IGNORED,
  /** Malformed advice (no target, no confidence, not the asked-for JSON): the rules decide. */
  REJECTED,
  /** No advice: the advisor failed, timed out, is held back by its circuit breaker, or had none. */
  UNAVAILABLE;

  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}

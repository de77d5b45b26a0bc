package io.autoagent.tools.analysis;

import java.util.Objects;
import java.util.Optional;

/**
 * The second stage of the pipeline ({@code Evidence -> Diagnosis -> Plan -> IncidentReport}): what
 * the analysis concluded from the {@link Evidence}. Either a {@link Verdict} (a root cause, from
 * the rules and perhaps refined by an LLM) or {@link NotFound} (the alerted workload does not
 * exist, so there is nothing to diagnose). Immutable.
 */
public sealed interface Diagnosis {

  /**
   * {@code rules} or {@code llm/<provider>/<model>}: the value of the analysis's {@code analyzer}.
   */
  String analyzer();

  /** {@code sources.llm}: {@code ok}, {@code unavailable}, {@code error} or {@code skipped}. */
  String llmStatus();

  /** Why the LLM's answer was not used, when it was not; null otherwise. */
  String llmDetail();

  /** The root cause, when there is one. */
  default Optional<RootCause> rootCause() {
    return this instanceof Verdict v ? Optional.of(v.cause()) : Optional.empty();
  }

  /**
   * A root cause.
   *
   * @param cause the verdict
   * @param analyzer who gave it
   * @param llmStatus how the LLM took part
   * @param llmDetail why the LLM's answer was not used; may be null
   */
  record Verdict(RootCause cause, String analyzer, String llmStatus, String llmDetail)
      implements Diagnosis {
    public Verdict {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(analyzer, "analyzer");
      Objects.requireNonNull(llmStatus, "llmStatus");
    }
  }

  /**
   * The alerted workload was not found: the analysis fails with {@code NOT_FOUND}.
   *
   * @param analyzer the analyzer that would have judged it
   * @param detail what was looked for, and where
   */
  record NotFound(String analyzer, String detail) implements Diagnosis {
    /** The LLM is never asked about a workload that does not exist. */
    public static final String LLM_SKIPPED = "skipped";

    public NotFound {
      Objects.requireNonNull(analyzer, "analyzer");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String llmStatus() {
      return LLM_SKIPPED;
    }

    @Override
    public String llmDetail() {
      return null;
    }
  }
}

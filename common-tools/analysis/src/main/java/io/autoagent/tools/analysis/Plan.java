package io.autoagent.tools.analysis;

import java.util.List;
import java.util.Objects;

/**
 * The third stage of the pipeline ({@code Evidence -> Diagnosis -> Plan -> IncidentReport}): the
 * runbooks that fit the diagnosis, best first, with their parameters resolved from the evidence,
 * and the remediation decision for the alert's {@code mode}. Deciding runs nothing: the handler
 * carries out a {@link Decision.Run} and reports what happened. Immutable.
 *
 * @param recommendations runbooks that fit, best first
 * @param decision what to do about remediation
 */
public record Plan(List<Recommendation> recommendations, Decision decision) {

  public Plan {
    recommendations = List.copyOf(recommendations);
    Objects.requireNonNull(decision, "decision");
  }

  /** What to do about remediation. */
  public sealed interface Decision {
    /** {@code mode: analyze}: nothing is run, and the analysis says nothing about remediation. */
    record AnalyzeOnly() implements Decision {}

    /** {@code mode: remediate}, and this runbook is the best automatable one. */
    record Run(Recommendation runbook, RootCause cause) implements Decision {
      public Run {
        Objects.requireNonNull(runbook, "runbook");
        Objects.requireNonNull(cause, "cause");
      }
    }

    /** {@code mode: remediate}, but nothing can run; {@code reason} says why. */
    record Skip(String reason) implements Decision {
      public Skip {
        Objects.requireNonNull(reason, "reason");
      }
    }
  }

  /** The plan for this alert, diagnosis and recommendations. */
  public static Plan of(Alert alert, Diagnosis diagnosis, List<Recommendation> recommendations) {
    return new Plan(recommendations, decide(alert, diagnosis, recommendations));
  }

  private static Decision decide(
      Alert alert, Diagnosis diagnosis, List<Recommendation> recommendations) {
    if (alert.mode() != Alert.Mode.REMEDIATE) {
      return new Decision.AnalyzeOnly();
    }
    if (!(diagnosis instanceof Diagnosis.Verdict verdict)) {
      return new Decision.Skip("the analysis found no root cause to remediate");
    }
    return recommendations.stream()
        .filter(Recommendation::automatable)
        .findFirst()
        .<Decision>map(best -> new Decision.Run(best, verdict.cause()))
        .orElseGet(
            () ->
                new Decision.Skip(
                    "no automatable runbook fits: "
                        + (recommendations.isEmpty()
                            ? "nothing was recommended"
                            : recommendations.getFirst().reason())));
  }
}

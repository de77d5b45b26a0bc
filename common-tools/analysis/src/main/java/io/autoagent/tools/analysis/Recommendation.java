package io.autoagent.tools.analysis;

import java.util.Map;
import java.util.Objects;

/**
 * A runbook proposed for the incident ({@code recommendations[]}).
 *
 * @param runbookId id of the runbook in the library
 * @param title the runbook's title
 * @param reason why it fits, and, when it is not automatable, which parameter is missing
 * @param risk {@code low}, {@code medium} or {@code high}
 * @param automatable whether the agent may run it without a person filling anything in
 * @param parameters resolved parameters
 */
public record Recommendation(
    String runbookId,
    String title,
    String reason,
    String risk,
    boolean automatable,
    Map<String, Object> parameters) {
  public Recommendation {
    Objects.requireNonNull(runbookId, "runbookId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(risk, "risk");
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }
}

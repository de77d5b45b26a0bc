package io.autoagent.guardian.advisor;

import java.util.List;

/**
 * Advice that passed validation, already clamped.
 *
 * @param target replicas, within the bounds and the step limit
 * @param confidence 0 to 1
 * @param reasoning the advisor's explanation
 * @param adjustments what clamping changed, for the decision's reason
 */
public record ValidatedAdvice(
    int target, double confidence, String reasoning, List<String> adjustments) {

  public ValidatedAdvice {
    reasoning = reasoning == null ? "" : reasoning;
    adjustments = List.copyOf(adjustments);
  }
}

package io.autoagent.guardian.decision;

import java.util.List;
import java.util.Objects;

/**
 * The reactive rules' answer.
 *
 * @param direction up, down or steady
 * @param target replicas the rules ask for (the current count when steady)
 * @param reasons the signals that tripped, or why nothing did
 * @param confidence how many signals agree, mapped to 0.5 to 0.95
 */
public record RuleVerdict(
    Direction direction, int target, List<String> reasons, double confidence) {

  public RuleVerdict {
    Objects.requireNonNull(direction, "direction");
    reasons = List.copyOf(reasons);
  }

  public String reason() {
    return String.join(", ", reasons);
  }
}

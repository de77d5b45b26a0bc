package io.autoagent.guardian.advisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Validates and clamps advice. Pure and thread-safe. */
public final class AdviceValidator {

  private static final int MAX_REASONING = 500;

  private AdviceValidator() {}

  /**
   * @return the clamped advice, or empty when it is malformed (no target, no confidence or a
   *     confidence that is not a number)
   */
  public static Optional<ValidatedAdvice> validate(
      Advice advice, int current, int min, int max, int maxStep) {
    if (advice == null
        || advice.targetReplicas() == null
        || advice.confidence() == null
        || advice.confidence().isNaN()) {
      return Optional.empty();
    }
    List<String> adjustments = new ArrayList<>();
    int lower = Math.max(1, min);
    int target = advice.targetReplicas();
    int bounded = Math.max(lower, Math.min(max, target));
    if (bounded != target) {
      adjustments.add("target " + target + " clamped to bounds " + lower + ".." + max);
    }
    int stepped = Math.max(current - maxStep, Math.min(current + maxStep, bounded));
    if (stepped != bounded) {
      adjustments.add("step limited to " + maxStep + " replica(s)");
    }
    stepped = Math.max(lower, Math.min(max, stepped));
    double confidence = Math.max(0.0, Math.min(1.0, advice.confidence()));
    if (confidence != advice.confidence()) {
      adjustments.add("confidence clamped to " + confidence);
    }
    String reasoning = advice.reasoning() == null ? "" : advice.reasoning();
    if (reasoning.length() > MAX_REASONING) {
      reasoning = reasoning.substring(0, MAX_REASONING);
    }
    return Optional.of(new ValidatedAdvice(stepped, confidence, reasoning, adjustments));
  }
}

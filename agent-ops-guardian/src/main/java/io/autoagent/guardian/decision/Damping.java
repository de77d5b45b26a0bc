package io.autoagent.guardian.decision;

import java.time.Duration;
import java.util.Objects;

/**
 * HPA-like damping. A change in one step is limited to the larger of {@code maxStepReplicas} and
 * {@code maxStepPercent} of the replicas at the start of the period (the HPA's default {@code
 * selectPolicy: Max}).
 *
 * @param upStabilization scale up to the lowest recommendation of this window (0 s)
 * @param downStabilization scale down to the highest recommendation of this window (300 s)
 * @param maxStepReplicas replicas added or removed per period (4)
 * @param maxStepPercent percent of replicas added or removed per period (100)
 * @param stepPeriod the period those limits apply to (60 s)
 * @param upCooldown no scale-up within this time of the last scale-up (60 s)
 * @param downCooldown no scale-down within this time of any change (300 s)
 */
public record Damping(
    Duration upStabilization,
    Duration downStabilization,
    int maxStepReplicas,
    int maxStepPercent,
    Duration stepPeriod,
    Duration upCooldown,
    Duration downCooldown) {

  public static final Damping DEFAULTS =
      new Damping(
          Duration.ZERO,
          Duration.ofSeconds(300),
          4,
          100,
          Duration.ofSeconds(60),
          Duration.ofSeconds(60),
          Duration.ofSeconds(300));

  public Damping {
    Objects.requireNonNull(upStabilization, "upStabilization");
    Objects.requireNonNull(downStabilization, "downStabilization");
    Objects.requireNonNull(stepPeriod, "stepPeriod");
    Objects.requireNonNull(upCooldown, "upCooldown");
    Objects.requireNonNull(downCooldown, "downCooldown");
    if (maxStepReplicas < 1 || maxStepPercent < 0) {
      throw new IllegalArgumentException("maxStepReplicas must be at least 1");
    }
  }

  /** The most replicas one period may add or remove, starting from {@code base}. */
  public int maxStep(int base) {
    return Math.max(maxStepReplicas, (int) Math.ceil(base * maxStepPercent / 100.0));
  }
}

package io.autoagent.guardian.decision;

import java.time.Duration;
import java.util.Objects;

/**
 * What the Ops Guardian decided for one workload. Made by the static factories only; {@link
 * #isAction()} is true for {@link Kind#SCALE} alone. A decision is plain data, published in the
 * {@code context} of {@code system_scaling} and {@code scaling_deferred} events.
 *
 * @param kind the outcome
 * @param fromReplicas replicas before, for SCALE and SHADOW; otherwise null
 * @param toReplicas replicas after, for SCALE and SHADOW; otherwise null
 * @param reason why, for operators
 * @param confidence 0 to 1
 * @param basis which part of the core set the target
 * @param retryAfter for DEFERRED, when it is worth asking again; otherwise null
 */
public record Decision(
    Kind kind,
    Integer fromReplicas,
    Integer toReplicas,
    String reason,
    double confidence,
    Basis basis,
    Duration retryAfter) {

  /** The outcome of a decision. */
  public enum Kind {
    /** Change the replica count. */
    SCALE,
    /** Nothing to do. */
    HOLD,
    /** A change is wanted but must wait: stabilization, cooldown, rollout or pause. */
    DEFERRED,
    /** Scaling is unsafe: pods crash-loop, are OOM-killed or cannot pull their image. */
    BLOCKED,
    /** An HPA owns this workload; reported, never scaled. */
    DELEGATED,
    /** A SCALE that shadow mode kept from acting. */
    SHADOW
  }

  /** What set the target. */
  public enum Basis {
    RULES,
    PREDICTION,
    CALENDAR,
    ADVISOR,
    BOUNDS,
    NONE
  }

  public Decision {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(basis, "basis");
    boolean change = kind == Kind.SCALE || kind == Kind.SHADOW;
    if (change != (fromReplicas != null && toReplicas != null)) {
      throw new IllegalArgumentException(kind + " decisions carry replica counts iff they change");
    }
    if (change && (toReplicas < 1 || fromReplicas.equals(toReplicas))) {
      throw new IllegalArgumentException("a change goes to at least 1 replica and differs");
    }
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be 0..1");
    }
  }

  public static Decision scale(int from, int to, String reason, double confidence) {
    return scale(from, to, reason, confidence, Basis.RULES);
  }

  public static Decision scale(int from, int to, String reason, double confidence, Basis basis) {
    return new Decision(Kind.SCALE, from, to, reason, confidence, basis, null);
  }

  public static Decision hold(String reason) {
    return new Decision(Kind.HOLD, null, null, reason, 1.0, Basis.NONE, null);
  }

  public static Decision deferred(String reason, Duration retryAfter) {
    return new Decision(Kind.DEFERRED, null, null, reason, 1.0, Basis.NONE, retryAfter);
  }

  public static Decision blocked(String reason) {
    return new Decision(Kind.BLOCKED, null, null, reason, 1.0, Basis.NONE, null);
  }

  public static Decision delegated(String hpaName) {
    return new Decision(
        Kind.DELEGATED,
        null,
        null,
        "left to HorizontalPodAutoscaler " + hpaName,
        1.0,
        Basis.NONE,
        null);
  }

  /** The change {@code wanted} would make, recorded but not acted on. */
  public static Decision shadow(Decision wanted) {
    if (wanted.kind != Kind.SCALE) {
      return wanted;
    }
    return new Decision(
        Kind.SHADOW,
        wanted.fromReplicas,
        wanted.toReplicas,
        "shadow mode: " + wanted.reason,
        wanted.confidence,
        wanted.basis,
        null);
  }

  public boolean isAction() {
    return kind == Kind.SCALE;
  }

  public boolean isScaleUp() {
    return toReplicas != null && toReplicas > fromReplicas;
  }
}

package io.autoagent.guardian.events;

/**
 * What the runtime did with a decision, which sets the event type and severity. {@link #HELD} is
 * counted but never published: nothing happened.
 */
public enum DecisionOutcome {
  /** Scaled the Deployment. */
  SCALED("system_scaling"),
  /** A change was wanted while a coordination pause covers the workload. */
  PAUSED("scaling_deferred"),
  /** The core deferred the change: stabilization, cooldown or a rollout. */
  DEFERRED("scaling_deferred"),
  /** Pods are failing; scaling would hide or worsen it. */
  BLOCKED("scaling_blocked"),
  /** An HPA owns the workload. */
  DELEGATED("scaling_delegated"),
  /** Shadow mode: the change was decided and reported, not made. */
  SHADOW("scaling_shadow"),
  /** The scale call failed. */
  FAILED("scaling_failed"),
  /** Nothing to do. */
  HELD(null);

  private final String eventType;

  DecisionOutcome(String eventType) {
    this.eventType = eventType;
  }

  /** The {@code event_type}, or null when nothing is published. */
  public String eventType() {
    return eventType;
  }

  /** The label used in metrics. */
  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

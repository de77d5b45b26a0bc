package io.autoagent.tools.remediation.policy;

/**
 * Bounds a policy puts on individual actions, checked by the actions themselves.
 *
 * @param minReplicas lowest replica count scaling may set; null: no bound
 * @param maxReplicas highest replica count scaling may set; null: no bound
 * @param maxMemoryIncreasePercent the most a memory limit may rise; null: no bound
 */
public record PolicyLimits(
    Integer minReplicas, Integer maxReplicas, Integer maxMemoryIncreasePercent) {

  public static final PolicyLimits NONE = new PolicyLimits(null, null, null);

  public static PolicyLimits of(RemediationPolicy policy) {
    return new PolicyLimits(
        policy.scale().minReplicas(), policy.scale().maxReplicas(), policy.bumpMemoryPercent());
  }
}

package io.autoagent.tools.remediation.policy;

import io.autoagent.tools.runbook.Runbook.Risk;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code AutoRemediationPolicy} (autoagent.io/v1alpha1): which workloads of its namespace it
 * covers and what the agent may do to them. Absent switches ({@code null}) do not restrict.
 *
 * @param restartStuckPods false forbids restarts and pod deletions or evictions
 * @param bumpMemoryPercent the most a memory limit may be raised, in percent; 0 forbids raises
 * @param allowedRunbooks runbook ids allowed; empty allows all
 * @param requireApprovalAbove runbooks of higher risk wait for approval; null: only high risk or
 *     runbooks that say so
 */
public record RemediationPolicy(
    String namespace,
    String name,
    Map<String, String> matchLabels,
    Boolean restartStuckPods,
    Integer bumpMemoryPercent,
    Scale scale,
    Map<String, Object> escalation,
    List<String> allowedRunbooks,
    Mode mode,
    Risk requireApprovalAbove) {

  /** {@code spec.mode}: {@code dryRun} (the default) or {@code live}. */
  public enum Mode {
    DRY_RUN,
    LIVE;

    public static Mode parse(String v) {
      return v != null && v.strip().equalsIgnoreCase("live") ? LIVE : DRY_RUN;
    }

    public String wire() {
      return this == LIVE ? "live" : "dryRun";
    }
  }

  /** {@code spec.actions.scale}. */
  public record Scale(Boolean enabled, Integer minReplicas, Integer maxReplicas) {}

  public RemediationPolicy {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    matchLabels = matchLabels == null ? Map.of() : Map.copyOf(matchLabels);
    escalation = escalation == null ? Map.of() : Map.copyOf(escalation);
    allowedRunbooks = allowedRunbooks == null ? List.of() : List.copyOf(allowedRunbooks);
    scale = scale == null ? new Scale(null, null, null) : scale;
    mode = mode == null ? Mode.DRY_RUN : mode;
  }

  /** Whether the policy covers a workload with these labels; no matchLabels covers every workload. */
  public boolean matches(Map<String, String> labels) {
    return matchLabels.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  public String ref() {
    return namespace + "/" + name;
  }

  static Risk risk(String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    return Risk.valueOf(v.strip().toUpperCase(Locale.ROOT));
  }
}

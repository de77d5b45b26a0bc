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

  /**
   * {@code spec.mode}: {@code dryRun} (the default) only plans; {@code live} changes the cluster;
   * {@code gitops} proposes what a runbook would change in a workload's manifest (replicas, memory
   * limit, image) as a pull request, and never patches those fields live. Anything else reads as
   * {@code dryRun}: an unknown mode never grants more.
   */
  public enum Mode {
    DRY_RUN,
    LIVE,
    GITOPS;

    public static Mode parse(String v) {
      if (v == null) {
        return DRY_RUN;
      }
      return switch (v.strip().toLowerCase(Locale.ROOT)) {
        case "live" -> LIVE;
        case "gitops" -> GITOPS;
        default -> DRY_RUN;
      };
    }

    public String wire() {
      return switch (this) {
        case LIVE -> "live";
        case GITOPS -> "gitops";
        case DRY_RUN -> "dryRun";
      };
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

  /**
   * Whether the policy covers a workload with these labels; no matchLabels covers every workload.
   */
  public boolean matches(Map<String, String> labels) {
    return matchLabels.entrySet().stream()
        .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
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

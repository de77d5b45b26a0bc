package io.autoagent.tools.remediation.action;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's implementations of the registry's actions, by name. {@link #standard()} implements
 * every action of {@link io.autoagent.tools.runbook.ActionRegistry#standard()}. Immutable.
 */
public final class Actions {

  private final Map<String, RemediationAction> byName = new LinkedHashMap<>();

  public Actions(Collection<RemediationAction> actions) {
    for (RemediationAction a : actions) {
      if (byName.putIfAbsent(a.name(), a) != null) {
        throw new IllegalArgumentException("duplicate action " + a.name());
      }
    }
  }

  public static Actions standard() {
    return new Actions(standardList());
  }

  public static List<RemediationAction> standardList() {
    return List.of(
        new WorkloadActions.Scale(),
        new WorkloadActions.RolloutRestart(),
        new CronJobActions.SetSuspend(),
        new PodActions.EvictPod("evict_pod"),
        new PodActions.EvictPod("delete_pod"),
        new NodeActions.Cordon(true),
        new NodeActions.Cordon(false),
        new NodeActions.Drain(),
        new WorkloadActions.RaiseMemoryLimit(),
        new WorkloadActions.SetMemoryLimit(),
        new WorkloadActions.SetImage(),
        new RollbackDeployment(),
        new MetadataActions(true),
        new MetadataActions(false),
        new ArgoActions.Sync(),
        new ArgoActions.Rollback(),
        new QuotaActions.Raise(),
        new QuotaActions.Restore(),
        new FlowActions.WaitFor(),
        new FlowActions.PublishEvent());
  }

  /** A copy with some actions replaced (tests wrap an action to count or fail its calls). */
  public Actions with(RemediationAction replacement) {
    Map<String, RemediationAction> copy = new LinkedHashMap<>(byName);
    copy.put(replacement.name(), replacement);
    return new Actions(copy.values());
  }

  public Optional<RemediationAction> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }
}

package io.autoagent.tools.remediation.action;

import io.autoagent.tools.runbook.ActionRegistry;
import io.autoagent.tools.runbook.ActionSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's actions by name. {@link #standardList()} is the one list of every action: each is a
 * {@link RegisteredAction} carrying its spec, execution, undo and manifest edit, and {@link
 * #registry()} (with the {@link Checks}) is the registry runbooks are validated against. Immutable.
 */
public final class Actions {

  private final Map<String, RemediationAction> byName = new LinkedHashMap<>();
  private final Map<String, RegisteredAction> registered = new LinkedHashMap<>();

  public Actions(Collection<? extends RemediationAction> actions) {
    for (RemediationAction a : actions) {
      if (byName.putIfAbsent(a.name(), a) != null) {
        throw new IllegalArgumentException("duplicate action " + a.name());
      }
      if (a instanceof RegisteredAction r) {
        registered.put(r.name(), r);
      }
    }
  }

  private Actions(Map<String, RemediationAction> byName, Map<String, RegisteredAction> registered) {
    this.byName.putAll(byName);
    this.registered.putAll(registered);
  }

  public static Actions standard() {
    return new Actions(standardList());
  }

  /**
   * Every action, once. Adding an action is adding its class here (docs/remediation-actions.md).
   */
  public static List<RegisteredAction> standardList() {
    return List.of(
        new WorkloadActions.Scale(),
        new WorkloadActions.RolloutRestart(),
        new CronJobActions.SetSuspend(),
        PodActions.EvictPod.evictPod(),
        PodActions.EvictPod.deletePod(),
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

  /**
   * A copy with one action's execution replaced (tests wrap an action to count or fail its calls);
   * the replaced action's spec and manifest edit stay.
   */
  public Actions with(RemediationAction replacement) {
    Map<String, RemediationAction> copy = new LinkedHashMap<>(byName);
    copy.put(replacement.name(), replacement);
    Map<String, RegisteredAction> specs = new LinkedHashMap<>(registered);
    if (replacement instanceof RegisteredAction r) {
      specs.put(r.name(), r);
    }
    return new Actions(copy, specs);
  }

  /** The action that runs a step. */
  public Optional<RemediationAction> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The registered action of a name: its spec and manifest edit. */
  public Optional<RegisteredAction> registered(String name) {
    return Optional.ofNullable(registered.get(name));
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** The specs of these actions, in registration order. */
  public List<ActionSpec> specs() {
    return registered.values().stream().map(RegisteredAction::spec).toList();
  }

  /** The registry these actions and the standard {@link Checks} make. */
  public ActionRegistry registry() {
    return registry(new Checks());
  }

  /** The registry these actions and the checks make. */
  public ActionRegistry registry(Checks checks) {
    List<ActionSpec> all = new ArrayList<>(specs());
    all.addAll(checks.specs());
    return new ActionRegistry(all);
  }
}

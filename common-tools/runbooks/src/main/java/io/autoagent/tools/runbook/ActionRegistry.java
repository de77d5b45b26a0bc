package io.autoagent.tools.runbook;

import io.autoagent.tools.runbook.ActionSpec.Kind;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fixed set of named actions a runbook step may use, and of named checks its preconditions and
 * verification may use. A runbook can only do what is registered here: there are no shell commands.
 * Each action and check is one class of the remediation engine carrying its own {@link ActionSpec}
 * ({@code io.autoagent.tools.remediation.action.Actions#registry()}); {@link #standard()} reads the
 * same specs from {@link ActionCatalog} (generated from those classes, checked against them by a
 * test) so that runbooks validate without the engine. Immutable and thread-safe.
 */
public final class ActionRegistry {

  /** Conditions {@code wait_for} can wait on. */
  public static final List<String> WAIT_CONDITIONS =
      List.of(
          "deployment_available",
          "rollout_complete",
          "pods_ready",
          "node_schedulable",
          "argocd_app_synced",
          "argocd_app_healthy");

  private static final ActionRegistry STANDARD = new ActionRegistry(ActionCatalog.load());

  private final Map<String, ActionSpec> actions = new LinkedHashMap<>();
  private final Map<String, ActionSpec> checks = new LinkedHashMap<>();

  public ActionRegistry(Collection<ActionSpec> specs) {
    for (ActionSpec spec : specs) {
      Map<String, ActionSpec> target = spec.kind() == Kind.ACTION ? actions : checks;
      if (target.putIfAbsent(spec.name(), spec) != null) {
        throw new IllegalArgumentException("duplicate " + spec.kind() + " " + spec.name());
      }
    }
  }

  /** The registry every shipped runbook is written against. */
  public static ActionRegistry standard() {
    return STANDARD;
  }

  public Optional<ActionSpec> action(String name) {
    return Optional.ofNullable(actions.get(name));
  }

  public Optional<ActionSpec> check(String name) {
    return Optional.ofNullable(checks.get(name));
  }

  public List<ActionSpec> actions() {
    return List.copyOf(actions.values());
  }

  public List<ActionSpec> checks() {
    return List.copyOf(checks.values());
  }
}

package io.autoagent.tools.runbook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A named action (a step that changes something) or check (a precondition or verification that only
 * reads) in the {@link ActionRegistry}, with its typed arguments.
 *
 * @param mutating whether it changes the cluster or Argo CD; checks never do
 */
public record ActionSpec(
    String name, Kind kind, String description, boolean mutating, List<ArgSpec> args) {

  /** Whether the spec is used as a step or as a check. */
  public enum Kind {
    ACTION,
    CHECK
  }

  public ActionSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
    args = List.copyOf(args);
  }

  /** A step's action; {@code mutating} when it changes the cluster or Argo CD. */
  public static ActionSpec action(
      String name, String description, boolean mutating, ArgSpec... args) {
    return new ActionSpec(name, Kind.ACTION, description, mutating, List.of(args));
  }

  /**
   * A check (precondition, {@code wait_for} condition or verification); checks never change
   * anything.
   */
  public static ActionSpec check(String name, String description, ArgSpec... args) {
    return new ActionSpec(name, Kind.CHECK, description, false, List.of(args));
  }

  public Optional<ArgSpec> arg(String argName) {
    return args.stream().filter(a -> a.name().equals(argName)).findFirst();
  }

  public Map<String, ArgSpec> argsByName() {
    Map<String, ArgSpec> byName = new LinkedHashMap<>();
    args.forEach(a -> byName.put(a.name(), a));
    return byName;
  }
}

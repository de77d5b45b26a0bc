package io.autoagent.tools.runbook;

import io.autoagent.tools.analysis.Category;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A validated runbook: what it fixes, its typed parameters, the checks before, the steps (each a
 * registered action with templated arguments), how it proves the fix and how it undoes itself. Only
 * {@link RunbookValidator} makes these from YAML; every instance has passed the schema and the
 * {@link ActionRegistry} checks. Immutable.
 *
 * @param source where it was loaded from, for example {@code runbooks/x.yaml} or {@code
 *     kv:runbooks/x@7}
 */
public record Runbook(
    String id,
    String title,
    String description,
    List<String> tags,
    Matches matches,
    Map<String, Parameter> parameters,
    List<Check> preconditions,
    List<Step> steps,
    Verify verify,
    List<Step> rollback,
    Risk risk,
    boolean automatable,
    boolean requiresApproval,
    String source) {

  public Runbook {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(matches, "matches");
    Objects.requireNonNull(verify, "verify");
    Objects.requireNonNull(risk, "risk");
    Objects.requireNonNull(source, "source");
    tags = tags == null ? List.of() : List.copyOf(tags);
    // declaration order matters for resolution and display
    parameters =
        parameters == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    preconditions = preconditions == null ? List.of() : List.copyOf(preconditions);
    steps = List.copyOf(steps);
    rollback = rollback == null ? List.of() : List.copyOf(rollback);
  }

  /** Risk of running the runbook; the wire value is lower case. */
  public enum Risk {
    LOW,
    MEDIUM,
    HIGH;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Parameter types; the wire value is lower case. */
  public enum ParameterType {
    STRING,
    INTEGER,
    NUMBER,
    BOOLEAN,
    /** Kubernetes quantity such as {@code 512Mi}. */
    QUANTITY,
    /** Go-style duration such as {@code 5m} or {@code 1h30m}. */
    DURATION;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * When a runbook applies. It is a candidate when the root cause is in {@code categories} or the
   * alert reason is in {@code reasons}, the root cause is not in {@code excludeCategories}, and
   * every entry of {@code labels} is present with the same value on the alert.
   */
  public record Matches(
      Set<Category> categories,
      Set<Category> excludeCategories,
      Set<String> reasons,
      Map<String, String> labels,
      List<Condition> excludeWhen,
      List<Condition> preferWhen) {
    public Matches {
      categories = categories == null ? Set.of() : Set.copyOf(categories);
      excludeCategories = excludeCategories == null ? Set.of() : Set.copyOf(excludeCategories);
      reasons = reasons == null ? Set.of() : Set.copyOf(reasons);
      labels = labels == null ? Map.of() : Map.copyOf(labels);
      excludeWhen = excludeWhen == null ? List.of() : List.copyOf(excludeWhen);
      preferWhen = preferWhen == null ? List.of() : List.copyOf(preferWhen);
    }

    public Matches(
        Set<Category> categories,
        Set<Category> excludeCategories,
        Set<String> reasons,
        Map<String, String> labels) {
      this(categories, excludeCategories, reasons, labels, List.of(), List.of());
    }

    /** Whether any {@code exclude_when} condition holds for the incident's facts. */
    public boolean excludedBy(Map<String, Set<String>> facts) {
      return excludeWhen.stream().anyMatch(c -> c.holds(facts));
    }

    /** Whether the runbook declares {@code prefer_when} and all of it holds. */
    public boolean preferredBy(Map<String, Set<String>> facts) {
      return !preferWhen.isEmpty() && preferWhen.stream().allMatch(c -> c.holds(facts));
    }

    /** Whether the alert carries every label this runbook is restricted to. */
    public boolean labelsMatch(Map<String, String> alertLabels) {
      return labels.entrySet().stream()
          .allMatch(e -> e.getValue().equals(alertLabels.get(e.getKey())));
    }

    public boolean reasonMatches(String reason) {
      return reason != null && reasons.stream().anyMatch(r -> r.equalsIgnoreCase(reason));
    }
  }

  /**
   * A typed parameter.
   *
   * @param from resolution sources in the incident, first that resolves wins; empty when the value
   *     comes only from the default or the caller
   * @param defaultValue already coerced to {@code type}; null when there is none
   * @param minimum lower bound for numbers; null when unbounded
   * @param maximum upper bound for numbers; null when unbounded
   * @param pattern regular expression a string must match; null when free
   * @param allowed allowed values; empty when free
   */
  public record Parameter(
      String name,
      ParameterType type,
      String description,
      boolean required,
      Object defaultValue,
      List<String> from,
      Double minimum,
      Double maximum,
      String pattern,
      List<Object> allowed) {
    public Parameter {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      from = from == null ? List.of() : List.copyOf(from);
      allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }
  }

  /** A named check from the registry (precondition or verification) with templated arguments. */
  /**
   * A condition on the incident: some finding carries attribute {@code fact} with value {@code
   * equals}, or a derived fact (for example {@code rollback_feasible}) has that value.
   */
  public record Condition(String fact, String equals) {
    public Condition {
      Objects.requireNonNull(fact, "fact");
      Objects.requireNonNull(equals, "equals");
    }

    boolean holds(Map<String, Set<String>> facts) {
      return facts.getOrDefault(fact, Set.of()).contains(equals);
    }
  }

  public record Check(String check, String description, Map<String, Object> args) {
    public Check {
      Objects.requireNonNull(check, "check");
      args =
          args == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }
  }

  /**
   * One step: a registered action with templated arguments ({@code "{{ parameter }}"}).
   *
   * @param timeout how long the step may take; null for the engine's default
   */
  public record Step(
      String name,
      String action,
      String description,
      Map<String, Object> args,
      Duration timeout,
      boolean continueOnFailure) {
    public Step {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(action, "action");
      args =
          args == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }
  }

  /** How the runbook proves the fix: every condition holds within {@code timeout}. */
  public record Verify(Duration timeout, List<Check> conditions) {
    public Verify {
      Objects.requireNonNull(timeout, "timeout");
      conditions = List.copyOf(conditions);
    }
  }
}

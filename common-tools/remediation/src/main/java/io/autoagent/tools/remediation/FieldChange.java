package io.autoagent.tools.remediation;

import java.util.Objects;

/**
 * One field a step changed, or would change in a dry run: the audit's "who changed what".
 *
 * @param object {@code Kind namespace/name}, or {@code Kind name} for cluster-scoped objects
 * @param field a JSON-path-like field, for example {@code spec.replicas}
 * @param before the value before; null when absent
 * @param after the value after; null when removed
 */
public record FieldChange(String object, String field, Object before, Object after) {
  public FieldChange {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(field, "field");
  }

  @Override
  public String toString() {
    return object + " " + field + ": " + before + " -> " + after;
  }
}

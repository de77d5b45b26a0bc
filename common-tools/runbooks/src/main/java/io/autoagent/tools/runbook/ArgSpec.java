package io.autoagent.tools.runbook;

import java.util.List;
import java.util.Objects;

/**
 * One argument of a registered action or check.
 *
 * @param allowed allowed values for {@link ArgType#ENUM}; empty otherwise
 * @param min lower bound for {@link ArgType#INTEGER}; null when unbounded
 * @param max upper bound for {@link ArgType#INTEGER}; null when unbounded
 */
public record ArgSpec(
    String name,
    ArgType type,
    boolean required,
    String description,
    List<String> allowed,
    Long min,
    Long max) {

  public ArgSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    allowed = allowed == null ? List.of() : List.copyOf(allowed);
    if (type == ArgType.ENUM && allowed.isEmpty()) {
      throw new IllegalArgumentException("enum argument " + name + " needs allowed values");
    }
  }

  public static ArgSpec required(String name, ArgType type, String description) {
    return new ArgSpec(name, type, true, description, List.of(), null, null);
  }

  public static ArgSpec optional(String name, ArgType type, String description) {
    return new ArgSpec(name, type, false, description, List.of(), null, null);
  }

  /** A copy restricted to whole numbers within {@code min..max}. */
  public ArgSpec between(long min, long max) {
    return new ArgSpec(name, type, required, description, allowed, min, max);
  }

  /** A copy of an {@link ArgType#ENUM} argument with its allowed values. */
  public ArgSpec oneOf(String... values) {
    return new ArgSpec(name, ArgType.ENUM, required, description, List.of(values), min, max);
  }
}

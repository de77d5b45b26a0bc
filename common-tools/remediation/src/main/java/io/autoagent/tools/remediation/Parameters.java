package io.autoagent.tools.remediation;

import io.autoagent.tools.remediation.action.Args;
import io.autoagent.tools.runbook.Runbook;
import io.autoagent.tools.runbook.Runbook.Parameter;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves a request's parameters against a runbook's declarations: the target fills
 * {@code namespace} and {@code deployment}, defaults fill the rest, and each value is coerced to
 * its type and checked against its bounds. A request may not name a namespace or workload other
 * than its target, since the lock, rate limit and policy are the target's.
 */
final class Parameters {

  private Parameters() {}

  /** @throws IllegalArgumentException naming the parameter that is wrong */
  static Map<String, Object> resolve(Runbook runbook, ExecutionRequest request) {
    Map<String, Object> raw = new LinkedHashMap<>(request.parameters());
    for (String name : raw.keySet()) {
      if (!runbook.parameters().containsKey(name)) {
        throw new IllegalArgumentException("parameter '" + name + "' is not declared by runbook " + runbook.id());
      }
    }
    sameAsTarget(raw, "namespace", request.target().namespace());
    if (request.target().workload() != null) {
      sameAsTarget(raw, "deployment", request.target().workload());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Parameter p : runbook.parameters().values()) {
      Object v = raw.containsKey(p.name()) ? raw.get(p.name()) : p.defaultValue();
      if (v == null) {
        if (p.required()) {
          throw new IllegalArgumentException("parameter '" + p.name() + "' is required (" + p.description() + ")");
        }
        continue;
      }
      try {
        out.put(p.name(), coerce(p, v));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("parameter '" + p.name() + "': " + e.getMessage());
      }
    }
    return out;
  }

  private static void sameAsTarget(Map<String, Object> raw, String name, String target) {
    Object given = raw.get(name);
    if (given != null && !Objects.equals(String.valueOf(given), target)) {
      throw new IllegalArgumentException("parameter '" + name + "' is '" + given + "' but the target is '" + target + "'");
    }
    raw.putIfAbsent(name, target);
  }

  private static Object coerce(Parameter p, Object v) {
    String text = String.valueOf(v).strip();
    Object value = switch (p.type()) {
      case STRING -> {
        if (v instanceof Map || v instanceof java.util.List || text.isEmpty()) {
          throw new IllegalArgumentException("expected a non-empty string");
        }
        yield text;
      }
      case INTEGER -> {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
          yield n.longValue();
        }
        try {
          yield Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("expected an integer, got '" + text + "'");
        }
      }
      case NUMBER -> {
        try {
          yield v instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("expected a number, got '" + text + "'");
        }
      }
      case BOOLEAN -> switch (text) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException("expected true or false, got '" + text + "'");
      };
      case QUANTITY -> {
        Quantity.getAmountInBytes(new Quantity(text));
        yield text;
      }
      case DURATION -> {
        Args.parseDuration(text);
        yield text;
      }
    };
    if (value instanceof Number n) {
      if (p.minimum() != null && n.doubleValue() < p.minimum()) {
        throw new IllegalArgumentException(value + " is below the minimum " + p.minimum());
      }
      if (p.maximum() != null && n.doubleValue() > p.maximum()) {
        throw new IllegalArgumentException(value + " is above the maximum " + p.maximum());
      }
    }
    if (p.pattern() != null && value instanceof String s && !s.matches(p.pattern())) {
      throw new IllegalArgumentException("'" + s + "' does not match " + p.pattern());
    }
    if (!p.allowed().isEmpty() && p.allowed().stream().noneMatch(a -> String.valueOf(a).equals(String.valueOf(value)))) {
      throw new IllegalArgumentException("'" + value + "' is not one of " + p.allowed());
    }
    return value;
  }
}

package io.autoagent.tools.remediation;

import io.autoagent.tools.runbook.ParameterValues;
import io.autoagent.tools.runbook.Runbook;
import io.autoagent.tools.runbook.Runbook.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves a request's parameters against a runbook's declarations: the target fills {@code
 * namespace} and {@code deployment}, defaults fill the rest, and each value is coerced to its type
 * and checked against its bounds. A request may not name a namespace or workload other than its
 * target, since the lock, rate limit and policy are the target's.
 */
final class Parameters {

  private Parameters() {}

  /**
   * @throws IllegalArgumentException naming the parameter that is wrong
   */
  static Map<String, Object> resolve(Runbook runbook, ExecutionRequest request) {
    Map<String, Object> raw = new LinkedHashMap<>(request.parameters());
    for (String name : raw.keySet()) {
      if (!runbook.parameters().containsKey(name)) {
        throw new IllegalArgumentException(
            "parameter '" + name + "' is not declared by runbook " + runbook.id());
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
          throw new IllegalArgumentException(
              "parameter '" + p.name() + "' is required (" + p.description() + ")");
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
      throw new IllegalArgumentException(
          "parameter '" + name + "' is '" + given + "' but the target is '" + target + "'");
    }
    raw.putIfAbsent(name, target);
  }

  private static Object coerce(Parameter p, Object v) {
    return ParameterValues.coerce(p, v);
  }
}

package io.autoagent.tools.runbook;

import io.autoagent.core.text.Durations;
import io.autoagent.core.text.Quantities;
import io.autoagent.tools.runbook.Runbook.Parameter;
import io.autoagent.tools.runbook.Runbook.ParameterType;

/**
 * The one coercion of parameter values: raw values (YAML scalars, attribute strings, the parameters
 * of an execution request) to a parameter's type, checked against its bounds, pattern and allowed
 * values. Used when runbooks are loaded and bound and when a request is resolved.
 */
public final class ParameterValues {

  private ParameterValues() {}

  /**
   * The value as the parameter's type.
   *
   * @throws IllegalArgumentException naming the problem when it does not fit
   */
  public static Object coerce(Parameter p, Object raw) {
    Object v = coerce(p.type(), raw);
    if (v instanceof Number n && !(v instanceof Boolean)) {
      if (p.minimum() != null && n.doubleValue() < p.minimum()) {
        throw new IllegalArgumentException(v + " is below the minimum " + fmt(p.minimum()));
      }
      if (p.maximum() != null && n.doubleValue() > p.maximum()) {
        throw new IllegalArgumentException(v + " is above the maximum " + fmt(p.maximum()));
      }
    }
    if (p.pattern() != null && v instanceof String s && !s.matches(p.pattern())) {
      throw new IllegalArgumentException("'" + s + "' does not match " + p.pattern());
    }
    if (!p.allowed().isEmpty()
        && p.allowed().stream().noneMatch(a -> coerceQuietly(p.type(), a).equals(v))) {
      throw new IllegalArgumentException("'" + v + "' is not one of " + p.allowed());
    }
    return v;
  }

  static Object coerce(ParameterType type, Object raw) {
    if (raw == null) {
      throw new IllegalArgumentException("no value");
    }
    String text = String.valueOf(raw).strip();
    return switch (type) {
      case STRING -> {
        if (raw instanceof java.util.Map || raw instanceof java.util.List || text.isEmpty()) {
          throw new IllegalArgumentException("expected a non-empty string, got " + raw);
        }
        yield text;
      }
      case INTEGER -> {
        if (raw instanceof Number n && n.doubleValue() != Math.rint(n.doubleValue())) {
          throw new IllegalArgumentException("expected an integer, got " + raw);
        }
        try {
          yield raw instanceof Number n ? n.longValue() : Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("expected an integer, got '" + text + "'");
        }
      }
      case NUMBER -> {
        try {
          yield raw instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("expected a number, got '" + text + "'");
        }
      }
      case BOOLEAN -> {
        if (raw instanceof Boolean b) {
          yield b;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
          yield Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("expected true or false, got '" + text + "'");
      }
      case QUANTITY -> {
        if (!Quantities.isQuantity(text)) {
          throw new IllegalArgumentException(
              "expected a Kubernetes quantity such as 512Mi, got '" + text + "'");
        }
        yield text;
      }
      case DURATION -> {
        if (!Durations.isDuration(text)) {
          throw new IllegalArgumentException(
              "expected a duration such as 90s or 5m, got '" + text + "'");
        }
        yield text;
      }
    };
  }

  private static Object coerceQuietly(ParameterType type, Object raw) {
    try {
      return coerce(type, raw);
    } catch (IllegalArgumentException e) {
      return raw;
    }
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}

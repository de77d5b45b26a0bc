package io.autoagent.tools.remediation.action;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rendered arguments of one step or check, with typed reads. A missing or mistyped required
 * argument throws {@link IllegalArgumentException}, which the engine reports as the step's error.
 */
public final class Args {

  private final Map<String, Object> values;

  public Args(Map<String, Object> values) {
    this.values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static Args of(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return new Args(m);
  }

  public Map<String, Object> asMap() {
    return values;
  }

  public boolean has(String name) {
    return values.get(name) != null;
  }

  public String string(String name) {
    Object v = values.get(name);
    if (v == null || String.valueOf(v).isBlank()) {
      throw new IllegalArgumentException("argument '" + name + "' is required");
    }
    return String.valueOf(v).strip();
  }

  public String string(String name, String fallback) {
    return has(name) ? string(name) : fallback;
  }

  public long integer(String name) {
    Object v = values.get(name);
    if (v instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(string(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("argument '" + name + "' is not an integer: " + v);
    }
  }

  public Long integer(String name, Long fallback) {
    return has(name) ? Long.valueOf(integer(name)) : fallback;
  }

  public boolean bool(String name, boolean fallback) {
    Object v = values.get(name);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    return switch (String.valueOf(v).strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException("argument '" + name + "' is not a boolean: " + v);
    };
  }

  /** A Go-style duration such as {@code 90s}, {@code 5m} or {@code 1h30m}. */
  public Duration duration(String name) {
    return parseDuration(string(name));
  }

  public Duration duration(String name, Duration fallback) {
    return has(name) ? duration(name) : fallback;
  }

  /** A Kubernetes quantity in bytes. */
  public BigDecimal bytes(String name) {
    return io.autoagent.core.text.Quantities.amount(string(name));
  }

  @SuppressWarnings("unchecked")
  public Map<String, String> stringMap(String name) {
    Object v = values.get(name);
    if (!(v instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("argument '" + name + "' must be a map");
    }
    Map<String, String> out = new LinkedHashMap<>();
    ((Map<Object, Object>) m)
        .forEach((k, val) -> out.put(String.valueOf(k), val == null ? null : String.valueOf(val)));
    return out;
  }

  public List<String> stringList(String name) {
    Object v = values.get(name);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> l)) {
      throw new IllegalArgumentException("argument '" + name + "' must be a list");
    }
    return l.stream().map(String::valueOf).toList();
  }

  /** A Go-style duration; {@link io.autoagent.core.text.Durations#parse} is the one parser. */
  public static Duration parseDuration(String text) {
    return io.autoagent.core.text.Durations.parse(text);
  }

  @Override
  public String toString() {
    return values.toString();
  }
}

package io.autoagent.tools.remediation.action;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rendered arguments of one step or check, with typed reads. A missing or mistyped required
 * argument throws {@link IllegalArgumentException}, which the engine reports as the step's error.
 */
public final class Args {

  private static final Pattern DURATION_PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

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
      default -> throw new IllegalArgumentException("argument '" + name + "' is not a boolean: " + v);
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
    return Quantity.getAmountInBytes(new Quantity(string(name)));
  }

  @SuppressWarnings("unchecked")
  public Map<String, String> stringMap(String name) {
    Object v = values.get(name);
    if (!(v instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("argument '" + name + "' must be a map");
    }
    Map<String, String> out = new LinkedHashMap<>();
    ((Map<Object, Object>) m).forEach((k, val) -> out.put(String.valueOf(k), val == null ? null : String.valueOf(val)));
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

  public static Duration parseDuration(String text) {
    String t = text.strip();
    if (!t.matches("([0-9]+(ms|s|m|h))+")) {
      throw new IllegalArgumentException("not a duration: '" + text + "'");
    }
    Duration d = Duration.ZERO;
    Matcher m = DURATION_PART.matcher(t);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      d = d.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      });
    }
    return d;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}

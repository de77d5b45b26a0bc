package io.autoagent.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed reads of environment variables with one-line errors that name the variable, the value and
 * what is allowed. Blank values count as unset. Every name read must be declared in {@link
 * Settings} (checked with assertions, so the tests catch an undeclared one); a deprecated name is
 * read as its replacement, and {@link #deprecations()} says so.
 */
public final class Env {

  private final Map<String, String> vars;
  private final List<String> deprecations;

  public Env(Map<String, String> vars) {
    Map<String, String> resolved = new HashMap<>(vars);
    List<String> notes = new ArrayList<>();
    for (Map.Entry<String, String> e : vars.entrySet()) {
      Setting replacement = Settings.replacementOf(e.getKey()).orElse(null);
      if (replacement == null || e.getValue() == null || e.getValue().isBlank()) {
        continue;
      }
      String current = vars.get(replacement.name());
      if (current == null || current.isBlank()) {
        resolved.put(replacement.name(), e.getValue());
        notes.add(
            e.getKey() + " is deprecated: use " + replacement.name() + " (the value is used)");
      } else {
        notes.add(e.getKey() + " is deprecated and ignored: " + replacement.name() + " is set");
      }
    }
    this.vars = Map.copyOf(resolved);
    this.deprecations = List.copyOf(notes.stream().sorted().toList());
  }

  /** One warning per deprecated variable that is set, naming its replacement. */
  public List<String> deprecations() {
    return deprecations;
  }

  /** The raw value, or null when unset or blank. */
  public String get(String key) {
    assert Settings.isDeclared(key)
        : key + " is read but not declared in " + Settings.class.getName();
    String value = vars.get(key);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** The value exactly as set (not trimmed), or null when unset or blank; for key material. */
  public String raw(String key) {
    assert Settings.isDeclared(key)
        : key + " is read but not declared in " + Settings.class.getName();
    String value = vars.get(key);
    return value == null || value.isBlank() ? null : value;
  }

  /**
   * A value parsed by {@code parse}, or {@code fallback} when unset; a parse failure becomes a
   * {@link ConfigException} saying {@code expected}.
   */
  public <T> T parse(String key, T fallback, Function<String, T> parse, String expected) {
    String value = get(key);
    if (value == null) {
      return fallback;
    }
    try {
      return parse.apply(value);
    } catch (RuntimeException e) {
      throw new ConfigException(key + "=" + value + " is not valid: expected " + expected);
    }
  }

  /** A whole number of at least {@code min}, or {@code fallback} when unset. */
  public long atLeast(String key, long fallback, long min) {
    String value = get(key);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= min) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new ConfigException(
        key + "=" + value + " is not valid: expected a whole number of at least " + min);
  }

  public String get(String key, String fallback) {
    String value = get(key);
    return value == null ? fallback : value;
  }

  public int integer(String key, int fallback, int min, int max) {
    String value = get(key);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new ConfigException(
        key + "=" + value + " is not valid: expected an integer from " + min + " to " + max);
  }

  public boolean bool(String key, boolean fallback) {
    String value = get(key);
    if (value == null) {
      return fallback;
    }
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default ->
          throw new ConfigException(key + "=" + value + " is not valid: expected true or false");
    };
  }

  public String oneOf(String key, String fallback, Set<String> allowed) {
    String value = get(key);
    if (value == null) {
      return fallback;
    }
    if (!allowed.contains(value)) {
      throw new ConfigException(
          key
              + "="
              + value
              + " is not valid: expected one of "
              + String.join(", ", allowed.stream().sorted().toList()));
    }
    return value;
  }

  /** A URL with one of the given schemes, or {@code fallback} when unset. */
  public String url(String key, String fallback, Set<String> schemes) {
    String value = get(key);
    if (value == null) {
      return fallback;
    }
    for (String part : value.split(",")) {
      try {
        URI uri = new URI(part.trim());
        if (uri.getScheme() != null && schemes.contains(uri.getScheme()) && uri.getHost() != null) {
          continue;
        }
      } catch (java.net.URISyntaxException ignored) {
        // reported below
      }
      throw new ConfigException(
          key
              + "="
              + value
              + " is not valid: expected a URL like "
              + schemes.stream().sorted().findFirst().orElse("nats")
              + "://host:port");
    }
    return value;
  }

  public Path path(String key, Path fallback) {
    String value = get(key);
    if (value == null) {
      return fallback;
    }
    try {
      return Path.of(value);
    } catch (java.nio.file.InvalidPathException e) {
      throw new ConfigException(key + "=" + value + " is not valid: " + e.getReason());
    }
  }
}

package io.autoagent.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads of environment variables with one-line errors that name the variable, the value and
 * what is allowed. Blank values count as unset.
 */
public final class Env {

  private final Map<String, String> vars;

  public Env(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  /** The raw value, or null when unset or blank. */
  public String get(String key) {
    String value = vars.get(key);
    return value == null || value.isBlank() ? null : value.trim();
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
          key + "=" + value + " is not valid: expected one of " + String.join(", ", allowed.stream().sorted().toList()));
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
          key + "=" + value + " is not valid: expected a URL like "
              + schemes.stream().sorted().findFirst().orElse("nats") + "://host:port");
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

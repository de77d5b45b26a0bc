package io.autoagent.tools.git;

import io.autoagent.core.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading secret files and duration values for {@link GitOptions}. */
final class Secrets {

  private static final Pattern DURATION = Pattern.compile("^(\\d+)\\s*(s|m|h|d)?$");

  private Secrets() {}

  static String read(String variable, Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw unreadable(variable, file, e);
    }
  }

  static byte[] readBytes(String variable, Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw unreadable(variable, file, e);
    }
  }

  private static ConfigException unreadable(String variable, Path file, IOException e) {
    return new ConfigException(
        variable
            + "="
            + file
            + " is not valid: cannot read it ("
            + e.getClass().getSimpleName()
            + ")");
  }

  /** {@code 90}, {@code 90s}, {@code 15m}, {@code 24h}, {@code 7d}; {@code fallback} when unset. */
  static Duration duration(String variable, String value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new ConfigException(
          variable
              + "="
              + value
              + " is not valid: expected a positive duration like 24h, 90m or 3600s");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2) == null ? "s" : m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofSeconds(n);
    };
  }
}

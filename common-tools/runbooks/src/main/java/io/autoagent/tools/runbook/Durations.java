package io.autoagent.tools.runbook;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations as used by kubectl and Argo CD: {@code 90s}, {@code 5m}, {@code 1h30m}. */
final class Durations {

  private static final Pattern WHOLE = Pattern.compile("^([0-9]+(ms|s|m|h))+$");
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private Durations() {}

  static boolean isDuration(String value) {
    return value != null && WHOLE.matcher(value).matches();
  }

  static Duration parse(String value) {
    if (!isDuration(value)) {
      throw new IllegalArgumentException("not a duration such as 90s or 5m: " + value);
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(value);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
              });
    }
    return total;
  }
}

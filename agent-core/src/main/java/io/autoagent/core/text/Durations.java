package io.autoagent.core.text;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in the words people and runbooks use ({@code 10m}, {@code 1h30m}, {@code 45s}, {@code
 * 250ms}), never ISO-8601's {@code PT10M}, in every text the agents publish; and the one parser of
 * Go-style durations (as kubectl and Argo CD write them) that runbooks, step arguments and request
 * parameters are read with.
 */
public final class Durations {

  /** A whole Go-style duration: one or more {@code <digits><unit>} parts, units ms, s, m, h. */
  private static final Pattern WHOLE = Pattern.compile("^([0-9]+(ms|s|m|h))+$");

  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private Durations() {}

  /** Whether the text is a Go-style duration such as {@code 90s}, {@code 5m} or {@code 1h30m}. */
  public static boolean isDuration(String text) {
    return text != null && WHOLE.matcher(text.strip()).matches();
  }

  /**
   * Parses a Go-style duration: {@code 250ms}, {@code 90s}, {@code 5m}, {@code 1h30m}.
   *
   * @throws IllegalArgumentException naming the text when it is not one
   */
  public static Duration parse(String text) {
    if (!isDuration(text)) {
      throw new IllegalArgumentException("not a duration such as 90s or 5m: '" + text + "'");
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(text.strip());
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

  public static String words(Duration d) {
    if (d == null) {
      return "none";
    }
    if (d.isNegative()) {
      return "-" + words(d.negated());
    }
    if (d.isZero()) {
      return "0s";
    }
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      return d.toMillis() + "ms";
    }
    StringBuilder b = new StringBuilder();
    long days = d.toDays();
    if (days > 0) {
      b.append(days).append('d');
    }
    if (d.toHoursPart() > 0) {
      b.append(d.toHoursPart()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      b.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0) {
      b.append(d.toSecondsPart()).append('s');
    }
    if (d.toMillisPart() > 0 && days == 0 && d.toHours() == 0) {
      b.append(d.toMillisPart()).append("ms");
    }
    return b.toString();
  }
}

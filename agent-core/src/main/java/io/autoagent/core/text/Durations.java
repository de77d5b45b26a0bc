package io.autoagent.core.text;

import java.time.Duration;

/**
 * Durations in the words people and runbooks use ({@code 10m}, {@code 1h30m}, {@code 45s},
 * {@code 250ms}), never ISO-8601's {@code PT10M}, in every text the agents publish.
 */
public final class Durations {

  private Durations() {}

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

package io.autoagent.tools.git;

import java.util.Locale;
import java.util.Objects;

/**
 * One structured fact about a change, rendered into {@code Change.summary()} and parsed back by
 * {@link ChangeSummary}. Never holds an environment variable's or a Secret's value.
 *
 * @param kind what changed
 * @param subject container name for image, env, resources and probes; {@code Kind/name} for config,
 *     replicas and other; may be null
 * @param from previous value (image, quantity, replica count); null when it does not apply
 * @param to new value; null when it does not apply
 * @param detail the rest: variable or key names, {@code added}/{@code removed}, a file name
 */
public record ChangeItem(Kind kind, String subject, String from, String to, String detail) {

  /** What a change touched, which {@link ChangeCorrelator} matches against failures. */
  public enum Kind {
    IMAGE,
    ENV,
    RESOURCES,
    REPLICAS,
    PROBES,
    CONFIG,
    OTHER;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ChangeItem {
    Objects.requireNonNull(kind, "kind");
  }

  /**
   * The summary text, for example {@code image app: shop:1.4 -> shop:1.5} (the form the runbook
   * planner parses for the previous image), {@code env app: added DB_URL, FEATURE_X}, {@code
   * resources app: limits.memory 512Mi -> 256Mi}, {@code probes app: readiness changed}, {@code
   * replicas Deployment/shop: 2 -> 4}, {@code config ConfigMap/shop: changed LOG_LEVEL} or {@code
   * other: README.md}.
   */
  public String render() {
    StringBuilder out = new StringBuilder(kind.word());
    if (subject != null) {
      out.append(' ').append(subject);
    }
    out.append(':');
    if (detail != null) {
      out.append(' ').append(detail);
    }
    if (from != null || to != null) {
      out.append(' ')
          .append(from == null ? "-" : from)
          .append(" -> ")
          .append(to == null ? "-" : to);
    }
    return out.toString();
  }
}

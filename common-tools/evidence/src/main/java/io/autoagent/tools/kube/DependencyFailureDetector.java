package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workload fails because something it depends on fails: its crash-looping containers' previous
 * logs show a connection refused, a timeout, rejected credentials or a 5xx answer, naming the host
 * (and port) they were talking to. One finding per container log, with the dependency in {@code
 * dependency} and the kind of failure in {@code dependency_failure} ({@code refused}, {@code
 * timeout}, {@code auth}, {@code http_5xx}). A restart does not help while the dependency fails.
 *
 * <p>Logs are the previous instance of crash-looping containers and, when nothing crash-loops, a
 * bounded tail of one Ready pod's current log (see {@link LiveEvidenceReader}), so a dependency
 * failing under pods that stay Ready (5xx, credentials rejected after a rotation) is seen too; when
 * no pod is Ready, of one Running pod whose readiness fails.
 *
 * <p>When the host is a cluster Service whose selected pods are none Ready ({@link
 * LiveEvidence#dependencies()}), the finding says so first and adds {@code dependency_workload}
 * ({@code namespace/name}) and {@code dependency_state} (why its pods are not Ready).
 */
final class DependencyFailureDetector implements FailureDetector {

  static final String ATTR_DEPENDENCY = "dependency";
  static final String ATTR_FAILURE = "dependency_failure";
  static final String ATTR_WORKLOAD = "dependency_workload";
  static final String ATTR_STATE = "dependency_state";

  private static final String HOST =
      "(?<![\\w.-])((?:\\d{1,3}(?:\\.\\d{1,3}){3}|[a-zA-Z][a-zA-Z0-9-]*(?:\\.[a-zA-Z0-9-]+)*):\\d{2,5})";
  private static final Pattern REFUSED =
      Pattern.compile(
          "(?i)(?:dial tcp "
              + HOST
              + ".*connection refused|connection refused.*?"
              + HOST
              + "|ECONNREFUSED\\s+"
              + HOST
              + "|"
              + HOST
              + ".*connection refused)");
  private static final Pattern TIMEOUT =
      Pattern.compile(
          "(?i)(?:dial tcp "
              + HOST
              + ".*(?:i/o timeout|timed out)|(?:connect(?:ion)? timed out|i/o timeout|ETIMEDOUT)"
              + ".*?"
              + HOST
              + "|"
              + HOST
              + ".*(?:connect(?:ion)? timed out|ETIMEDOUT))");
  private static final Pattern AUTH =
      Pattern.compile(
          "(?i)(password authentication failed for user|WRONGPASS|NOAUTH|invalid username-password pair|"
              + "Access denied for user|authentication failed|AUTH failed|SASL authentication failed)");
  private static final Pattern HTTP_5XX =
      Pattern.compile(
          "(?i)(?:https?://([a-zA-Z0-9.-]+(?::\\d+)?)\\S*.*?\\b(50[0-4])\\b|\\b(50[0-4])\\b.*?https?://([a-zA-Z0-9.-]+(?::\\d+)?))");
  private static final Pattern HOST_PORT =
      Pattern.compile("(?<![\\w.-])([a-zA-Z][a-zA-Z0-9-]*(?:\\.[a-zA-Z0-9-]+)*:\\d{2,5})\\b");
  private static final Pattern ANY_HOST =
      Pattern.compile(
          "(?<![\\w.-])([a-zA-Z][a-zA-Z0-9-]*(?:\\.[a-zA-Z0-9-]+)+(?::\\d{2,5})?|[a-zA-Z][a-zA-Z0-9-]*:\\d{2,5})\\b");

  private final LogSignals signals;

  /** Scanning with a memo of its own, sized for the default log bytes. */
  DependencyFailureDetector() {
    this(LogSignals.defaults());
  }

  DependencyFailureDetector(LogSignals signals) {
    this.signals = java.util.Objects.requireNonNull(signals, "signals");
  }

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    Map<String, Finding> byContainer = new TreeMap<>();
    for (Kind kind : Kind.values()) {
      for (LogSignals.Hit hit : signals.scan(snapshot, kind.pattern)) {
        String key = hit.pod() + "/" + hit.container();
        String host =
            byContainer.containsKey(key)
                ? null
                : host(kind, hit, LogSignals.logs(snapshot).get(key));
        if (host != null) {
          String message =
              "Container "
                  + hit.container()
                  + " of pod "
                  + hit.pod()
                  + " fails because its dependency "
                  + host
                  + " "
                  + kind.says
                  + "; restarting it will not help until "
                  + host
                  + " recovers.";
          String[] attrs = {
            ATTR_DEPENDENCY,
            host,
            ATTR_FAILURE,
            kind.wire,
            CrashLoopDetector.ATTR_RESTART_UNSAFE,
            "true"
          };
          LiveEvidence.DependencyWorkload down = downWorkload(snapshot, host);
          if (down != null) {
            message =
                down.service()
                    + " in "
                    + down.namespace()
                    + " has no ready pod: "
                    + down.state()
                    + ". "
                    + message;
            attrs =
                java.util.stream.Stream.concat(
                        java.util.Arrays.stream(attrs),
                        java.util.stream.Stream.of(
                            ATTR_WORKLOAD,
                            down.namespace() + "/" + down.service(),
                            ATTR_STATE,
                            down.state()))
                    .toArray(String[]::new);
          }
          byContainer.put(
              key, LogSignals.finding(snapshot, Category.DEPENDENCY_FAILURE, hit, message, attrs));
        }
      }
    }
    return List.copyOf(byContainer.values());
  }

  /**
   * The dependency hosts the snapshot's logs name as failing; what the collector looks up as
   * cluster Services ({@link DependencyWorkloads}).
   */
  java.util.Set<String> hosts(WorkloadSnapshot snapshot) {
    java.util.Set<String> hosts = new java.util.TreeSet<>();
    detect(snapshot).forEach(f -> hosts.add(f.attributes().get(ATTR_DEPENDENCY)));
    return hosts;
  }

  /** The dependency workload of this host when it runs in the cluster with no Ready pod. */
  private static LiveEvidence.DependencyWorkload downWorkload(
      WorkloadSnapshot snapshot, String host) {
    return snapshot.live().dependencies().stream()
        .filter(d -> d.host().equals(host) && d.down())
        .findFirst()
        .orElse(null);
  }

  /**
   * The host the failing line names, or null when it names none (then it is not a dependency
   * failure).
   */
  private static String host(Kind kind, LogSignals.Hit hit, String log) {
    java.util.regex.MatchResult m = hit.first();
    if (kind != Kind.AUTH) {
      for (int g = 1; g <= m.groupCount(); g++) {
        String v = m.group(g);
        if (v != null && !v.matches("50[0-4]")) {
          return v;
        }
      }
    }
    Matcher any = ANY_HOST.matcher(hit.lines().getFirst());
    if (any.find()) {
      return any.group(1);
    }
    // credentials are often rejected on a line that names only the user; the log names host:port
    // elsewhere
    Matcher port = HOST_PORT.matcher(log == null ? "" : log);
    return kind == Kind.AUTH && port.find() ? port.group(1) : null;
  }

  private enum Kind {
    REFUSED(DependencyFailureDetector.REFUSED, "refused", "refuses connections"),
    TIMEOUT(DependencyFailureDetector.TIMEOUT, "timeout", "does not answer (timeouts)"),
    AUTH(DependencyFailureDetector.AUTH, "auth", "rejects its credentials"),
    HTTP_5XX(DependencyFailureDetector.HTTP_5XX, "http_5xx", "answers with server errors (5xx)");

    final Pattern pattern;
    final String wire;
    final String says;

    Kind(Pattern pattern, String wire, String says) {
      this.pattern = pattern;
      this.wire = wire;
      this.says = says;
    }
  }
}

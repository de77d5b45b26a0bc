package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cluster DNS failing for the workload, a {@link Category#NETWORK} cause: a crash-looping
 * container's previous log shows a name lookup that failed ({@code lookup x on 10.96.0.10:53: ...},
 * {@code no such host}, {@code Temporary failure in name resolution}, {@code UnknownHostException},
 * {@code getaddrinfo ENOTFOUND/EAI_AGAIN}). One finding per container log, naming the host in
 * {@code lookup_host} when the line does.
 */
final class DnsFailureDetector implements FailureDetector {

  static final String ATTR_LOOKUP_HOST = "lookup_host";
  private static final Pattern DNS =
      Pattern.compile(
          "(?i)(?:lookup ([a-zA-Z0-9.-]+)(?: on [0-9.:]+)?: (?:no such host|server misbehaving|i/o timeout|"
              + "read udp \\S+: i/o timeout)|UnknownHostException:? ([a-zA-Z0-9.-]+)?|getaddrinfo (?:ENOTFOUND|EAI_AGAIN) "
              + "([a-zA-Z0-9.-]+)|Temporary failure in name resolution|Name or service not known|no such host)");

  private final LogSignals signals;

  /** Scanning with a memo of its own, sized for the default log bytes. */
  DnsFailureDetector() {
    this(LogSignals.defaults());
  }

  DnsFailureDetector(LogSignals signals) {
    this.signals = java.util.Objects.requireNonNull(signals, "signals");
  }

  /**
   * Whether any of these logs shows a failed name lookup (then the cluster DNS is worth reading).
   */
  boolean anyLookupFailure(java.util.Map<String, String> logs) {
    // DNS matches within a line, so a line-by-line scan (remembered by text) answers the same
    return logs.values().stream()
        .anyMatch(log -> log != null && signals.scan(DNS, log).first() != null);
  }

  /** The logs of the snapshot with a failed lookup. */
  List<LogSignals.Hit> hits(WorkloadSnapshot snapshot) {
    return signals.scan(snapshot, DNS);
  }

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    return hits(snapshot).stream()
        .map(
            hit -> {
              String host = null;
              for (int g = 1; g <= hit.first().groupCount() && host == null; g++) {
                host = hit.first().group(g);
              }
              return LogSignals.finding(
                  snapshot,
                  Category.NETWORK,
                  hit,
                  "Container "
                      + hit.container()
                      + " of pod "
                      + hit.pod()
                      + " cannot resolve "
                      + (host == null ? "a host name" : host)
                      + ": cluster DNS fails for it (check CoreDNS and the name).",
                  ATTR_LOOKUP_HOST,
                  host,
                  "network_problem",
                  "dns",
                  CrashLoopDetector.ATTR_RESTART_UNSAFE,
                  "true");
            })
        .toList();
  }
}

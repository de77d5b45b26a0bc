package io.autoagent.tools.kube;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the Kubernetes evidence source.
 *
 * @param watchNamespaces namespaces to cache ({@code WATCH_NAMESPACES}); empty means all
 * @param apiTimeout unused since the collection runs under the caller's one deadline (the analysis
 *     timeout, {@code ANALYSIS_TIMEOUT_S}); kept so existing settings still validate
 * @param logTimeout bound on an on-demand read of logs or metrics
 * @param logLines how many lines of the previous container's log to keep
 * @param logBytes how many bytes of that log to keep at most
 */
public record KubeOptions(
    Set<String> watchNamespaces,
    Duration apiTimeout,
    Duration logTimeout,
    int logLines,
    int logBytes) {

  public static final Duration DEFAULT_API_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_LOG_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_LOG_LINES = 50;
  public static final int DEFAULT_LOG_BYTES = 8 * 1024;

  public KubeOptions {
    watchNamespaces = watchNamespaces == null ? Set.of() : Set.copyOf(watchNamespaces);
    apiTimeout = Objects.requireNonNullElse(apiTimeout, DEFAULT_API_TIMEOUT);
    logTimeout = Objects.requireNonNullElse(logTimeout, DEFAULT_LOG_TIMEOUT);
    if (apiTimeout.isNegative() || apiTimeout.isZero()) {
      throw new IllegalArgumentException("apiTimeout must be positive, got " + apiTimeout);
    }
    if (logTimeout.isNegative() || logTimeout.isZero()) {
      throw new IllegalArgumentException("logTimeout must be positive, got " + logTimeout);
    }
    if (logLines < 1 || logBytes < 1) {
      throw new IllegalArgumentException("logLines and logBytes must be positive");
    }
  }

  /** All namespaces, default timeouts, 50 log lines, 8 KiB of log. */
  public static KubeOptions defaults() {
    return new KubeOptions(Set.of(), null, null, DEFAULT_LOG_LINES, DEFAULT_LOG_BYTES);
  }

  /** Same options, caching only these namespaces (empty: all). */
  public KubeOptions withWatchNamespaces(Set<String> namespaces) {
    return new KubeOptions(namespaces, apiTimeout, logTimeout, logLines, logBytes);
  }

  /** Same options with other timeouts. */
  public KubeOptions withTimeouts(Duration api, Duration log) {
    return new KubeOptions(watchNamespaces, api, log, logLines, logBytes);
  }

  /** Whether objects of this namespace are cached. */
  public boolean watches(String namespace) {
    return watchNamespaces.isEmpty() || watchNamespaces.contains(namespace);
  }
}

package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.SourceReport;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.util.concurrent.TimeoutException;

/** Maps a failed read to a report, once, by the API's status code (never by message text). */
final class KubeFailures {

  private KubeFailures() {}

  static SourceReport report(String source, Throwable failure) {
    if (unreachable(failure)) {
      return SourceReport.unavailable(source, "Kubernetes API unreachable: " + describe(failure));
    }
    if (failure instanceof KubernetesClientException k
        && (k.getCode() == HttpURLConnection.HTTP_FORBIDDEN || k.getCode() == HttpURLConnection.HTTP_UNAUTHORIZED)) {
      return SourceReport.error(source, "Kubernetes API refused the agent (" + k.getCode()
          + "); check its ServiceAccount's RBAC: " + describe(failure));
    }
    return SourceReport.error(source, "Reading from Kubernetes failed: " + describe(failure));
  }

  /** Timeouts, I/O errors, 5xx and 429: the API is down or overloaded, not refusing us. */
  static boolean unreachable(Throwable failure) {
    if (failure instanceof KubernetesClientException k) {
      int code = k.getCode();
      if (code >= 500 || code == 429) {
        return true;
      }
      if (code > 0) {
        return false;
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == failure
        ? String.valueOf(failure.getMessage())
        : failure.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }
}

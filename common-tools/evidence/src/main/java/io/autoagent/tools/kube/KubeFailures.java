package io.autoagent.tools.kube;

import io.autoagent.core.ApiFailure;
import io.autoagent.tools.analysis.SourceReport;

/** Maps a failed read to a report, once, by the API's status code (never by message text). */
final class KubeFailures {

  private KubeFailures() {}

  static SourceReport report(String source, Throwable failure) {
    ApiFailure kind = KubeErrors.classify(failure);
    if (kind.retriable()) {
      return SourceReport.unavailable(source, "Kubernetes API unreachable: " + describe(failure));
    }
    if (kind == ApiFailure.FORBIDDEN) {
      return SourceReport.error(
          source,
          "Kubernetes API refused the agent ("
              + KubeErrors.status(failure)
              + "); check its ServiceAccount's RBAC: "
              + describe(failure));
    }
    return SourceReport.error(source, "Reading from Kubernetes failed: " + describe(failure));
  }

  private static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == failure
        ? String.valueOf(failure.getMessage())
        : failure.getMessage()
            + " ("
            + root.getClass().getSimpleName()
            + ": "
            + root.getMessage()
            + ")";
  }
}

package io.autoagent.tools.runbook;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Change;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.RootCause;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.analysis.WorkloadState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test fixtures: incidents as the analysis model carries them. */
final class Incidents {

  static final Path SHIPPED = Path.of("..", "..", "runbooks");

  private Incidents() {}

  static Alert alert(String reason, String summary) {
    return new Alert(
        "a-1",
        "c-1",
        "payments",
        "prod",
        Severity.CRITICAL,
        reason,
        summary,
        Map.of("team", "core"),
        Map.of(),
        null,
        Map.of(),
        Alert.Mode.ANALYZE);
  }

  static Finding finding(Category c, String message, Map<String, String> attrs) {
    return new Finding(
        c, Severity.CRITICAL, "Pod/prod/payments-7d9f-abcde", message, List.of(), attrs);
  }

  static WorkloadState workload(int desired, String revision, WorkloadState.Rollback rollback) {
    return new WorkloadState(
        "Deployment",
        "payments",
        desired,
        desired - 1,
        desired - 1,
        desired,
        Map.of("app", "registry.example/payments:v2"),
        revision,
        "progressing",
        rollback);
  }

  static Evidence evidence(
      Alert alert, List<Finding> findings, List<Change> changes, WorkloadState w) {
    return new Evidence(alert, List.of(SourceReport.ok("kubernetes", findings, changes, w)));
  }

  static RootCause cause(Category c, String summary) {
    return new RootCause(c, summary, 0.8);
  }
}

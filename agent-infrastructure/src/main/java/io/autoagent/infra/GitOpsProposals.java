package io.autoagent.infra;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Recommendation;
import io.autoagent.tools.gitops.FieldEdit;
import io.autoagent.tools.gitops.GitOpsChange;
import io.autoagent.tools.gitops.GitOpsRemediator;
import io.autoagent.tools.gitops.GitOpsResult;
import io.autoagent.tools.runbook.Runbook;
import io.autoagent.tools.runbook.RunbookLibrary;
import io.autoagent.tools.runbook.RunbookTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code REMEDIATION_MODE=gitops}: what a runbook would change live (its {@code scale_deployment},
 * {@code raise_memory_limit} and {@code set_image} steps, arguments rendered from the resolved
 * parameters) is proposed instead as a pull request on the service's manifests.
 */
final class GitOpsProposals implements AutoCloseable {

  private final RunbookLibrary library;
  private final GitOpsRemediator remediator;

  GitOpsProposals(RunbookLibrary library, GitOpsRemediator remediator) {
    this.library = library;
    this.remediator = remediator;
  }

  AnalysisDocuments.Remediation propose(Alert alert, AnalysisResult result, Recommendation recommendation) {
    Runbook runbook = library.find(recommendation.runbookId()).orElse(null);
    if (runbook == null) {
      return none("runbook " + recommendation.runbookId() + " is no longer in the library");
    }
    List<FieldEdit> edits = new ArrayList<>();
    String workload = alert.service();
    String kind = null;
    for (Runbook.Step step : runbook.steps()) {
      Map<String, Object> args = RunbookTemplates.render(step.args(), recommendation.parameters());
      switch (step.action()) {
        case "scale_deployment" -> edits.add(new FieldEdit.Replicas(Integer.parseInt(String.valueOf(args.get("replicas")))));
        case "raise_memory_limit" -> {
          if (args.get("target_limit") == null) {
            return none("runbook " + runbook.id() + " raises memory by a percentage at run time; GitOps needs the target limit");
          }
          edits.add(new FieldEdit.MemoryLimit(text(args.get("container")), String.valueOf(args.get("target_limit"))));
        }
        case "set_image" -> edits.add(new FieldEdit.Image(text(args.get("container")), String.valueOf(args.get("image"))));
        default -> {
          continue; // waits, checks and events change nothing a manifest declares
        }
      }
      workload = args.get("name") != null ? String.valueOf(args.get("name")) : workload;
      kind = args.get("kind") != null ? String.valueOf(args.get("kind")) : kind;
    }
    if (edits.isEmpty()) {
      return none("runbook " + runbook.id() + " has no step a manifest can express (replicas, memory limit, image)");
    }
    String executionId = "alert-" + alert.alertId() + "-" + runbook.id();
    GitOpsResult pr = remediator.remediate(new GitOpsChange(
        alert.namespace(), workload, kind, edits,
        GitOpsChange.incidentKey(alert.namespace(), alert.service(), result.rootCause().category().name()),
        result.rootCause().summary(), runbook.id(), executionId));
    return new AnalysisDocuments.Remediation(pr.mode(), executionId,
        "pull request " + pr.outcome().wireName() + ": " + pr.prUrl());
  }

  private static String text(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  private static AnalysisDocuments.Remediation none(String why) {
    return new AnalysisDocuments.Remediation("none", null, why);
  }

  @Override
  public void close() {
    remediator.close();
  }
}

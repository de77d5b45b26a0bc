package io.autoagent.tools.gitops;

import java.util.stream.Collectors;

/** The words of a GitOps change: commit message, pull request title and body. */
final class PullRequestText {

  /** Marks the body as the agent's, with the incident it belongs to. */
  static final String MARKER = "<!-- autoagent-incident: ";

  private PullRequestText() {}

  static String title(GitOpsChange change) {
    return "autoagent: "
        + edits(change)
        + " for "
        + change.kind()
        + " "
        + change.namespace()
        + "/"
        + change.workload();
  }

  /** The commit trailer that versions an incident's proposals. */
  static final String PROPOSED_AT = "Proposed-At: ";

  /** When the proposal a commit message carries was made; null without the trailer. */
  static java.time.Instant proposedAt(String commitMessage) {
    for (String line : commitMessage.split("\n")) {
      if (line.startsWith(PROPOSED_AT)) {
        try {
          return java.time.Instant.parse(line.substring(PROPOSED_AT.length()).strip());
        } catch (java.time.format.DateTimeParseException e) {
          return null;
        }
      }
    }
    return null;
  }

  static String commitMessage(GitOpsChange change) {
    return title(change)
        + "\n\nIncident: "
        + change.incidentKey()
        + "\nRunbook: "
        + change.runbookId()
        + (change.executionId() == null ? "" : "\nExecution: " + change.executionId())
        + (change.proposedAt() == null ? "" : "\n" + PROPOSED_AT + change.proposedAt())
        + "\n";
  }

  static String body(GitOpsChange change, String diff) {
    String fence = "```";
    while (diff.contains(fence)) {
      fence += "`";
    }
    return "## Remediation proposed by autoagent\n\n"
        + "- **Incident:** `"
        + change.incidentKey()
        + "`\n"
        + "- **Workload:** "
        + change.kind()
        + " `"
        + change.namespace()
        + "/"
        + change.workload()
        + "`\n"
        + "- **Runbook:** `"
        + change.runbookId()
        + "`"
        + (change.executionId() == null ? "" : " (execution `" + change.executionId() + "`)")
        + "\n"
        + "- **Change:** "
        + edits(change)
        + "\n\n"
        + "### Analysis\n\n"
        + (change.analysisSummary().isBlank() ? "_none given_" : change.analysisSummary())
        + "\n\n"
        + "### Diff\n\n"
        + fence
        + "diff\n"
        + diff
        + (diff.endsWith("\n") ? "" : "\n")
        + fence
        + "\n\n"
        + MARKER
        + change.incidentKey()
        + " -->\n";
  }

  private static String edits(GitOpsChange change) {
    return change.edits().stream().map(FieldEdit::describe).collect(Collectors.joining(", "));
  }
}

package io.autoagent.tools.runbook;

import java.util.List;
import java.util.Objects;

/**
 * A refused runbook document.
 *
 * @param source the file or KV entry, for example {@code kv:runbooks/scale-deployment@12}
 * @param runbookId the KV key or file name stem, the id the document was meant to have
 * @param errors why it was refused, never empty
 * @param keptPrevious whether an earlier good version of the same document stays in use
 */
public record RunbookRejection(
    String source, String runbookId, List<RunbookError> errors, boolean keptPrevious) {
  public RunbookRejection {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(runbookId, "runbookId");
    errors = List.copyOf(errors);
  }

  /** One line for logs and events: {@code source: field: problem; ...}. */
  public String summary() {
    return String.join("; ", errors.stream().map(RunbookError::message).toList());
  }
}

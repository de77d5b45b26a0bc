package io.autoagent.tools.runbook;

import java.util.List;
import java.util.Objects;

/**
 * Outcome of validating one runbook document: a runbook, or the reasons it was refused. Made by
 * {@link #ok} and {@link #rejected}.
 */
public final class RunbookValidation {

  private final Runbook runbook;
  private final List<RunbookError> errors;

  private RunbookValidation(Runbook runbook, List<RunbookError> errors) {
    if ((runbook == null) == errors.isEmpty()) {
      throw new IllegalArgumentException("either a runbook or errors");
    }
    this.runbook = runbook;
    this.errors = List.copyOf(errors);
  }

  public static RunbookValidation ok(Runbook runbook) {
    return new RunbookValidation(Objects.requireNonNull(runbook, "runbook"), List.of());
  }

  public static RunbookValidation rejected(List<RunbookError> errors) {
    return new RunbookValidation(null, errors);
  }

  public boolean valid() {
    return runbook != null;
  }

  /** The runbook; throws when the document was rejected. */
  public Runbook runbook() {
    if (runbook == null) {
      throw new IllegalStateException("rejected: " + errors);
    }
    return runbook;
  }

  /** Empty when valid. */
  public List<RunbookError> errors() {
    return errors;
  }

  @Override
  public String toString() {
    return valid() ? "valid " + runbook.id() : "rejected " + errors;
  }
}

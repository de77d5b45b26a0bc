package io.autoagent.tools.remediation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one step did or would do ({@code steps[]} of the result), with the changes it made and how
 * to undo it. Stored in the execution's key-value entry, so an agent that restarts knows which
 * steps are complete.
 *
 * @param index position in its list, from 1
 * @param phase {@code step}, or {@code rollback} for the runbook's rollback steps and undos
 * @param undo null when the step changed nothing or cannot be undone
 */
public record StepReport(
    int index,
    String phase,
    String name,
    String action,
    StepStatus status,
    String output,
    String error,
    Instant startedAt,
    Instant finishedAt,
    List<FieldChange> changes,
    Undo undo) {

  public static final String PHASE_STEP = "step";
  public static final String PHASE_ROLLBACK = "rollback";

  public StepReport {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(status, "status");
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  public StepReport withStatus(StepStatus newStatus) {
    return new StepReport(
        index, phase, name, action, newStatus, output, error, startedAt, finishedAt, changes, undo);
  }
}

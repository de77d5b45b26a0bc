package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.WorkloadState;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Optional;

/**
 * Rollback feasibility of a StatefulSet or DaemonSet from its ControllerRevisions: feasible when a
 * revision older than the one the controller rolls out to is kept, naming that revision. The
 * agent's rollback runbook rolls back Deployments only, so the reason says how a person does it.
 * Pure.
 */
final class RevisionRollbacks {

  private RevisionRollbacks() {}

  static WorkloadState.Rollback of(WorkloadSnapshot s) {
    String kind = s.kind();
    List<ControllerRevision> revisions = s.live().revisions();
    String undo = "kubectl rollout undo " + kind.toLowerCase(java.util.Locale.ROOT) + "/" + s.name();
    if (revisions.isEmpty()) {
      return new WorkloadState.Rollback(false, null, kind + " " + s.name()
          + " has no ControllerRevision that could be read, so there is nothing known to roll back to; "
          + "revert the change in git.");
    }
    Optional<ControllerRevision> current = current(s, revisions);
    long currentNumber = current.map(RevisionRollbacks::number).orElse(revisions.stream()
        .mapToLong(RevisionRollbacks::number).max().orElse(0));
    Optional<ControllerRevision> previous = revisions.stream()
        .filter(r -> number(r) < currentNumber)
        .reduce((a, b) -> b);
    if (previous.isEmpty()) {
      return new WorkloadState.Rollback(false, null, kind + " " + s.name() + " keeps only its current ControllerRevision ("
          + currentNumber + "); there is no earlier revision to roll back to.");
    }
    long to = number(previous.get());
    return new WorkloadState.Rollback(true, Long.toString(to), kind + " " + s.name() + " keeps ControllerRevision "
        + previous.get().getMetadata().getName() + " (revision " + to + ") before the current revision " + currentNumber
        + "; roll back with a git revert, or `" + undo + " --to-revision=" + to + "` after review (the agent's rollback "
        + "runbook handles Deployments only).");
  }

  /** The revision the controller rolls out to: a StatefulSet's updateRevision, else the newest. */
  private static Optional<ControllerRevision> current(WorkloadSnapshot s, List<ControllerRevision> revisions) {
    String name = s.workload() instanceof StatefulSet set && set.getStatus() != null
        ? set.getStatus().getUpdateRevision() : null;
    if (name == null && s.workload() instanceof DaemonSet) {
      return revisions.stream().reduce((a, b) -> b);
    }
    return revisions.stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
  }

  static long number(ControllerRevision r) {
    return r.getRevision() == null ? 0 : r.getRevision();
  }
}

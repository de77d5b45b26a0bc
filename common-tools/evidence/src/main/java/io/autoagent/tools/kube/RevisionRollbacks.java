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
 * agent's rollback runbook rolls back Deployments only, so the reason says how a person does it. A
 * revision that pods of the workload run and fail on is never the target: after a change was
 * reverted, the revision before the current one is often the bad one, and rolling back to it would
 * re-apply the change. Pure.
 */
final class RevisionRollbacks {

  private RevisionRollbacks() {}

  static WorkloadState.Rollback of(WorkloadSnapshot s) {
    String kind = s.kind();
    List<ControllerRevision> revisions = s.live().revisions();
    String undo =
        "kubectl rollout undo " + kind.toLowerCase(java.util.Locale.ROOT) + "/" + s.name();
    if (revisions.isEmpty()) {
      return new WorkloadState.Rollback(
          false,
          null,
          kind
              + " "
              + s.name()
              + " has no ControllerRevision that could be read, so there is nothing known to roll back to; "
              + "revert the change in git.");
    }
    Optional<ControllerRevision> current = current(s, revisions);
    long currentNumber =
        current
            .map(RevisionRollbacks::number)
            .orElse(revisions.stream().mapToLong(RevisionRollbacks::number).max().orElse(0));
    java.util.Set<String> failing = failingRevisions(s);
    Optional<ControllerRevision> previous =
        revisions.stream()
            .filter(r -> number(r) < currentNumber)
            .filter(r -> !failing.contains(r.getMetadata().getName()))
            .reduce((a, b) -> b);
    Optional<ControllerRevision> skipped =
        revisions.stream()
            .filter(r -> number(r) < currentNumber && failing.contains(r.getMetadata().getName()))
            .reduce((a, b) -> b);
    if (previous.isEmpty() && skipped.isPresent()) {
      return new WorkloadState.Rollback(
          false,
          null,
          kind
              + " "
              + s.name()
              + ": the earlier ControllerRevision "
              + skipped.get().getMetadata().getName()
              + " (revision "
              + number(skipped.get())
              + ") is the one its failing pods "
              + "run, so rolling back to it would re-apply the change; the current revision "
              + currentNumber
              + " already sets it back. Delete the pods stuck on the old revision instead.");
    }
    if (previous.isEmpty()) {
      return new WorkloadState.Rollback(
          false,
          null,
          kind
              + " "
              + s.name()
              + " keeps only its current ControllerRevision ("
              + currentNumber
              + "); there is no earlier revision to roll back to.");
    }
    long to = number(previous.get());
    return new WorkloadState.Rollback(
        true,
        Long.toString(to),
        kind
            + " "
            + s.name()
            + " keeps ControllerRevision "
            + previous.get().getMetadata().getName()
            + " (revision "
            + to
            + ") before the current revision "
            + currentNumber
            + "; roll back with a git revert, or `"
            + undo
            + " --to-revision="
            + to
            + "` after review (the agent's rollback "
            + "runbook handles Deployments only).");
  }

  /** The revision the controller rolls out to: a StatefulSet's updateRevision, else the newest. */
  private static Optional<ControllerRevision> current(
      WorkloadSnapshot s, List<ControllerRevision> revisions) {
    String name =
        s.workload() instanceof StatefulSet set && set.getStatus() != null
            ? set.getStatus().getUpdateRevision()
            : null;
    if (name == null && s.workload() instanceof DaemonSet) {
      return revisions.stream().reduce((a, b) -> b);
    }
    return revisions.stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
  }

  /**
   * Revision names ({@code controller-revision-hash}) of the workload's pods that are not Ready.
   */
  static java.util.Set<String> failingRevisions(WorkloadSnapshot s) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (var pod : s.pods()) {
      var labels = pod.getMetadata().getLabels();
      String hash = labels == null ? null : labels.get(StuckStatefulSetPodDetector.REVISION_LABEL);
      if (hash != null && !LiveEvidenceReader.ready(pod)) {
        out.add(hash);
      }
    }
    return out;
  }

  static long number(ControllerRevision r) {
    return r.getRevision() == null ? 0 : r.getRevision();
  }
}

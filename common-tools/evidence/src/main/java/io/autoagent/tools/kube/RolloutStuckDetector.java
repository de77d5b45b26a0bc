package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * ROLLOUT_STUCK: a Deployment whose Progressing condition is False (ProgressDeadlineExceeded), or
 * whose updated replicas have stayed short of desired for longer than its progress deadline; a
 * StatefulSet whose rolling update does not converge. A rollout that started recently is not
 * reported.
 */
final class RolloutStuckDetector implements FailureDetector {

  private static final int DEFAULT_PROGRESS_DEADLINE_S = 600;

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    return switch (snapshot.workload()) {
      case Deployment d -> deployment(snapshot, d);
      case StatefulSet set -> statefulSet(snapshot, set);
      default -> List.of();
    };
  }

  static Optional<DeploymentCondition> progressing(Deployment d) {
    return d.getStatus() == null || d.getStatus().getConditions() == null
        ? Optional.empty()
        : d.getStatus().getConditions().stream()
            .filter(c -> "Progressing".equals(c.getType()))
            .findFirst();
  }

  private static List<Finding> deployment(WorkloadSnapshot snapshot, Deployment d) {
    DeploymentStatus status = Objects.requireNonNullElse(d.getStatus(), new DeploymentStatus());
    int desired = snapshot.desiredReplicas();
    int updated = Objects.requireNonNullElse(status.getUpdatedReplicas(), 0);
    Optional<DeploymentCondition> progressing = progressing(d);
    List<String> evidence = new ArrayList<>();
    evidence.add(
        snapshot.resource()
            + ": replicas desired="
            + desired
            + ", updated="
            + updated
            + ", ready="
            + Kube.orDash(status.getReadyReplicas())
            + ", available="
            + Kube.orDash(status.getAvailableReplicas())
            + ", unavailable="
            + Kube.orDash(status.getUnavailableReplicas()));
    progressing.ifPresent(
        c ->
            evidence.add(
                "condition Progressing="
                    + c.getStatus()
                    + " reason="
                    + Kube.orDash(c.getReason())
                    + " lastUpdateTime="
                    + Kube.orDash(c.getLastUpdateTime())
                    + " ("
                    + Kube.orDash(c.getMessage())
                    + ")"));
    boolean deadline = progressing.filter(c -> "False".equals(c.getStatus())).isPresent();
    int deadlineS =
        Objects.requireNonNullElse(
            d.getSpec().getProgressDeadlineSeconds(), DEFAULT_PROGRESS_DEADLINE_S);
    Instant since = progressing.map(c -> Kube.instant(c.getLastUpdateTime())).orElse(null);
    boolean lagging =
        updated < desired
            && since != null
            && Duration.between(since, snapshot.now()).getSeconds() > deadlineS;
    boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused()) && updated < desired;
    if (!deadline && !lagging && !paused) {
      return List.of();
    }
    snapshot.eventsFor("Deployment", snapshot.name()).stream()
        .map(Kube::eventLine)
        .forEach(evidence::add);
    String why =
        deadline
            ? "it exceeded its progress deadline of " + deadlineS + "s"
            : paused
                ? "the rollout is paused"
                : "it has not made progress for more than " + deadlineS + "s";
    return List.of(
        new Finding(
            Category.ROLLOUT_STUCK,
            paused && !deadline ? Severity.MEDIUM : Severity.HIGH,
            snapshot.resource(),
            "The rollout of Deployment "
                + snapshot.name()
                + " is stuck with "
                + updated
                + " of "
                + desired
                + " replicas updated: "
                + why
                + ".",
            evidence,
            Kube.attrs(
                Finding.ATTR_PREVIOUS_REVISION,
                WorkloadStates.previousRevision(snapshot)
                    .map(r -> Kube.revision(r))
                    .orElse(null))));
  }

  private static List<Finding> statefulSet(WorkloadSnapshot snapshot, StatefulSet s) {
    StatefulSetStatus status = Objects.requireNonNullElse(s.getStatus(), new StatefulSetStatus());
    int desired = snapshot.desiredReplicas();
    int updated = Objects.requireNonNullElse(status.getUpdatedReplicas(), 0);
    int ready = Objects.requireNonNullElse(status.getReadyReplicas(), 0);
    boolean rolling =
        status.getUpdateRevision() != null
            && !status.getUpdateRevision().equals(status.getCurrentRevision());
    if (!rolling || updated >= desired || ready >= desired) {
      return List.of();
    }
    return List.of(
        new Finding(
            Category.ROLLOUT_STUCK,
            Severity.MEDIUM,
            snapshot.resource(),
            "The rolling update of StatefulSet "
                + snapshot.name()
                + " does not converge: "
                + updated
                + " of "
                + desired
                + " replicas updated, "
                + ready
                + " ready.",
            List.of(
                snapshot.resource()
                    + ": currentRevision="
                    + status.getCurrentRevision()
                    + ", updateRevision="
                    + status.getUpdateRevision()
                    + ", updatedReplicas="
                    + updated
                    + ", readyReplicas="
                    + ready)));
  }
}

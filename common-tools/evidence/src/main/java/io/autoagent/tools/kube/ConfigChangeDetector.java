package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A ConfigMap or Secret the workload uses was written shortly before the failure: its newest {@code
 * metadata.managedFields} time lies within {@link Detectors#WINDOW} before the alert started, and
 * the change can have reached the pods: the object is mounted (kubelet refreshes mounted files in
 * running pods, so behaviour can break while pods stay Ready), or a container started after the
 * change (environment variables are read at start). A {@link Category#BAD_CHANGE} naming the
 * object, the time and the writer; only names and times are used, never a Secret's values.
 *
 * <p>Near misses that are not reported: a write after the alert started, a write older than the
 * window, an object read only into environment variables of containers that have not restarted
 * since, and renewals written by cert-manager. Rolling the workload back does not undo a change to
 * a ConfigMap or Secret (the old template reads the same object), so the finding says {@code
 * rollback_reverts_change=false}; restarted pods read the same object again, so {@code
 * restart_unsafe=true}.
 */
final class ConfigChangeDetector implements FailureDetector {

  static final String ATTR_CHANGED_AT = "changed_at";
  static final String ATTR_CHANGED_BY = "changed_by";
  static final String ATTR_ROLLBACK_REVERTS = "rollback_reverts_change";

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    Instant anchor =
        snapshot.alert().startedAt() != null ? snapshot.alert().startedAt() : snapshot.now();
    Instant since = Detectors.since(snapshot);
    List<Finding> findings = new ArrayList<>();
    if (snapshot.live().configObjects().isEmpty() || unrelatedFailure(snapshot)) {
      return findings;
    }
    for (LiveEvidence.ConfigObject object : snapshot.live().configObjects()) {
      Instant at = object.changedAt();
      if (at == null || at.isAfter(anchor) || at.isBefore(since) || renewal(object)) {
        continue;
      }
      boolean restartedSince = snapshot.pods().stream().anyMatch(p -> startedAfter(p, at));
      if (!object.mounted() && !restartedSince) {
        continue;
      }
      long minutes = Math.max(0, java.time.Duration.between(at, anchor).toMinutes());
      String how = object.mounted() ? "mounted by" : "read into the environment of";
      String ref = object.kind() + " " + object.name();
      findings.add(
          new Finding(
              Category.BAD_CHANGE,
              Severity.HIGH,
              Kube.ref(object.kind(), snapshot.namespace(), object.name()),
              ref
                  + " ("
                  + how
                  + " "
                  + snapshot.kind()
                  + " "
                  + snapshot.name()
                  + ") was changed at "
                  + at
                  + (object.changedBy() == null ? "" : " by " + object.changedBy())
                  + ", "
                  + minutes
                  + " minute(s) before the alert; review or revert that change (a rollback of the workload reads the same "
                  + object.kind()
                  + ").",
              List.of(
                  ref
                      + ": metadata.managedFields newest write "
                      + at
                      + (object.changedBy() == null ? "" : " (manager " + object.changedBy() + ")"),
                  object.mounted()
                      ? "mounted as a volume: running pods see the change without a restart"
                      : "read at container start; a container of the workload started after the change"),
              Kube.attrs(
                  object.kind().equals("Secret") ? Finding.ATTR_SECRET : Finding.ATTR_CONFIGMAP,
                  object.name(),
                  ATTR_CHANGED_AT,
                  at.toString(),
                  ATTR_CHANGED_BY,
                  object.changedBy(),
                  ATTR_ROLLBACK_REVERTS,
                  "false",
                  CrashLoopDetector.ATTR_RESTART_UNSAFE,
                  "true")));
    }
    return findings;
  }

  /**
   * Whether the pods fail in a way no configuration value causes (an image that cannot be pulled, a
   * memory kill, a pod no node takes); then a write to a ConfigMap is a coincidence, not the cause.
   */
  static boolean unrelatedFailure(WorkloadSnapshot snapshot) {
    for (Pod pod : snapshot.pods()) {
      for (ContainerStatus s : Kube.statuses(pod)) {
        String waiting = Kube.waitingReason(s);
        if (waiting != null
            && List.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName").contains(waiting)) {
          return true;
        }
        if (s.getLastState() != null
            && s.getLastState().getTerminated() != null
            && OomKilledDetector.OOM_KILLED.equals(s.getLastState().getTerminated().getReason())) {
          return true;
        }
      }
      if (pod.getStatus() != null
          && pod.getStatus().getConditions() != null
          && pod.getStatus().getConditions().stream()
              .anyMatch(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))) {
        return true;
      }
    }
    return false;
  }

  /** cert-manager renewing a certificate keeps TLS working; it is not the change to blame. */
  private static boolean renewal(LiveEvidence.ConfigObject object) {
    return object.kind().equals("Secret")
        && object.changedBy() != null
        && object.changedBy().startsWith("cert-manager");
  }

  /** Whether the pod or one of its containers (re)started at or after {@code at}. */
  static boolean startedAfter(Pod pod, Instant at) {
    if (pod.getStatus() == null) {
      return false;
    }
    Instant start = Kube.instant(pod.getStatus().getStartTime());
    if (start != null && !start.isBefore(at)) {
      return true;
    }
    for (ContainerStatus s : Kube.statuses(pod)) {
      var state = s.getState();
      var last = s.getLastState();
      List<String> times = new ArrayList<>();
      if (state != null && state.getRunning() != null) {
        times.add(state.getRunning().getStartedAt());
      }
      if (state != null && state.getTerminated() != null) {
        times.add(state.getTerminated().getStartedAt());
      }
      if (last != null && last.getTerminated() != null) {
        times.add(last.getTerminated().getStartedAt());
      }
      if (times.stream()
          .filter(Objects::nonNull)
          .map(Kube::instant)
          .filter(Objects::nonNull)
          .anyMatch(t -> !t.isBefore(at))) {
        return true;
      }
    }
    return false;
  }
}

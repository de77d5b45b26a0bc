package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Change;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.WorkloadState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the {@link WorkloadState} (replicas, images, revision, rollout, rollback) from a snapshot.
 */
final class WorkloadStates {

  static final String REVISION = "deployment.kubernetes.io/revision";
  private static final int MAX_CHANGES = 3;

  private WorkloadStates() {}

  static WorkloadState of(WorkloadSnapshot s) {
    return stateOf(s).withSecretVariables(SecretVariables.of(s));
  }

  private static WorkloadState stateOf(WorkloadSnapshot s) {
    if (s.workload() instanceof Deployment d) {
      DeploymentStatus st = Objects.requireNonNullElse(d.getStatus(), new DeploymentStatus());
      return new WorkloadState(
          "Deployment",
          s.name(),
          s.desiredReplicas(),
          zero(st.getReadyReplicas()),
          zero(st.getAvailableReplicas()),
          zero(st.getUpdatedReplicas()),
          images(s.podTemplate()),
          d.getMetadata().getAnnotations() == null
              ? null
              : d.getMetadata().getAnnotations().get(REVISION),
          rolloutState(s, d),
          rollback(s, d),
          labels(d));
    }
    if (s.workload() instanceof DaemonSet ds) {
      return daemonSet(s, ds);
    }
    if (s.workload() instanceof Job job) {
      return job(s, job);
    }
    if (s.workload() instanceof CronJob cron) {
      return cronJob(s, cron);
    }
    StatefulSet set = (StatefulSet) s.workload();
    StatefulSetStatus st = Objects.requireNonNullElse(set.getStatus(), new StatefulSetStatus());
    boolean rolling =
        st.getUpdateRevision() != null && !st.getUpdateRevision().equals(st.getCurrentRevision());
    return new WorkloadState(
        "StatefulSet",
        s.name(),
        s.desiredReplicas(),
        zero(st.getReadyReplicas()),
        zero(st.getAvailableReplicas()),
        zero(st.getUpdatedReplicas()),
        images(s.podTemplate()),
        st.getUpdateRevision(),
        rolling ? "progressing" : "complete",
        RevisionRollbacks.of(s),
        labels(set));
  }

  private static WorkloadState daemonSet(WorkloadSnapshot s, DaemonSet ds) {
    DaemonSetStatus st = Objects.requireNonNullElse(ds.getStatus(), new DaemonSetStatus());
    int desired = zero(st.getDesiredNumberScheduled());
    boolean observed =
        st.getObservedGeneration() == null
            || ds.getMetadata().getGeneration() == null
            || st.getObservedGeneration() >= ds.getMetadata().getGeneration();
    boolean complete =
        observed
            && zero(st.getUpdatedNumberScheduled()) >= desired
            && zero(st.getNumberAvailable()) >= desired;
    return new WorkloadState(
        "DaemonSet",
        s.name(),
        desired,
        zero(st.getNumberReady()),
        zero(st.getNumberAvailable()),
        zero(st.getUpdatedNumberScheduled()),
        images(s.podTemplate()),
        null,
        complete ? "complete" : "progressing",
        RevisionRollbacks.of(s),
        labels(ds));
  }

  /**
   * A Job: desired is its parallelism; ready counts pods running or succeeded unless the Job
   * failed.
   */
  private static WorkloadState job(WorkloadSnapshot s, Job job) {
    int desired = s.desiredReplicas();
    boolean failed = JobFailureDetector.failedCondition(job).isPresent();
    boolean complete = JobFailureDetector.condition(job, "Complete").isPresent();
    int active = job.getStatus() == null ? 0 : zero(job.getStatus().getActive());
    int succeeded = job.getStatus() == null ? 0 : zero(job.getStatus().getSucceeded());
    int ready = complete ? desired : failed ? 0 : Math.min(desired, active + succeeded);
    return new WorkloadState(
        "Job",
        s.name(),
        desired,
        ready,
        ready,
        ready,
        images(s.podTemplate()),
        null,
        failed ? "stuck" : complete ? "complete" : "progressing",
        NO_JOB_ROLLBACK,
        labels(job));
  }

  /**
   * A CronJob: asked for one run unless suspended; its newest Job decides whether it is healthy.
   */
  private static WorkloadState cronJob(WorkloadSnapshot s, CronJob cron) {
    int desired = s.desiredReplicas();
    Optional<Job> latest = s.jobs().isEmpty() ? Optional.empty() : Optional.of(s.jobs().getLast());
    boolean failed = latest.flatMap(JobFailureDetector::failedCondition).isPresent();
    int ready = failed ? 0 : desired;
    String state =
        Boolean.TRUE.equals(cron.getSpec().getSuspend()) ? "paused" : failed ? "stuck" : "complete";
    return new WorkloadState(
        "CronJob",
        s.name(),
        desired,
        ready,
        ready,
        ready,
        images(s.podTemplate()),
        null,
        state,
        NO_JOB_ROLLBACK,
        labels(cron));
  }

  private static final WorkloadState.Rollback NO_JOB_ROLLBACK =
      new WorkloadState.Rollback(
          false,
          null,
          "Jobs and CronJobs keep no revisions, so there is nothing to roll back to; fix the spec in git instead.");

  private static Map<String, String> labels(HasMetadata workload) {
    Map<String, String> labels = workload.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  /** Fully available: every desired replica ready, available and updated. */
  static boolean fullyAvailable(WorkloadState w) {
    return w.ready() >= w.desired() && w.available() >= w.desired() && w.updated() >= w.desired();
  }

  private static int zero(Integer value) {
    return value == null ? 0 : value;
  }

  static Map<String, String> images(PodTemplateSpec template) {
    Map<String, String> images = new LinkedHashMap<>();
    if (template != null && template.getSpec() != null) {
      for (Container c : template.getSpec().getContainers()) {
        images.put(c.getName(), c.getImage());
      }
    }
    return images;
  }

  private static String rolloutState(WorkloadSnapshot s, Deployment d) {
    if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
      return "paused";
    }
    if (RolloutStuckDetector.progressing(d)
        .filter(c -> "False".equals(c.getStatus()))
        .isPresent()) {
      return "stuck";
    }
    DeploymentStatus st = Objects.requireNonNullElse(d.getStatus(), new DeploymentStatus());
    boolean observed =
        st.getObservedGeneration() == null
            || d.getMetadata().getGeneration() == null
            || st.getObservedGeneration() >= d.getMetadata().getGeneration();
    int desired = s.desiredReplicas();
    return observed
            && zero(st.getUpdatedReplicas()) >= desired
            && zero(st.getAvailableReplicas()) >= desired
            && zero(st.getReplicas()) <= desired
        ? "complete"
        : "progressing";
  }

  /** The Deployment's ReplicaSets by revision, oldest first. */
  static List<ReplicaSet> byRevision(WorkloadSnapshot s) {
    return s.replicaSets().stream()
        .filter(rs -> revisionNumber(rs) >= 0)
        .sorted(Comparator.comparingLong(WorkloadStates::revisionNumber))
        .toList();
  }

  static long revisionNumber(ReplicaSet rs) {
    try {
      return Long.parseLong(Objects.requireNonNullElse(Kube.revision(rs), "-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long currentRevision(WorkloadSnapshot s) {
    Map<String, String> annotations = s.workload().getMetadata().getAnnotations();
    try {
      return Long.parseLong(annotations == null ? "-1" : annotations.getOrDefault(REVISION, "-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The newest ReplicaSet older than the Deployment's current revision. */
  static Optional<ReplicaSet> previousRevision(WorkloadSnapshot s) {
    long current = currentRevision(s);
    return byRevision(s).stream().filter(rs -> revisionNumber(rs) < current).reduce((a, b) -> b);
  }

  private static WorkloadState.Rollback rollback(WorkloadSnapshot s, Deployment d) {
    Integer limit = d.getSpec().getRevisionHistoryLimit();
    Optional<ReplicaSet> previous = previousRevision(s);
    if (previous.isEmpty()) {
      return new WorkloadState.Rollback(
          false,
          null,
          limit != null && limit == 0
              ? "revisionHistoryLimit is 0, so no previous ReplicaSet is kept."
              : "No previous ReplicaSet revision is kept.");
    }
    ReplicaSet rs = previous.get();
    Map<String, String> before = images(rs.getSpec().getTemplate());
    Map<String, String> now = images(s.podTemplate());
    int ready = rs.getStatus() == null ? 0 : zero(rs.getStatus().getReadyReplicas());
    int replicas = rs.getStatus() == null ? 0 : zero(rs.getStatus().getReplicas());
    String health =
        replicas > 0
            ? ready
                + " of its "
                + replicas
                + " pods are ready"
                + (ready == replicas ? " (healthy)" : " (not healthy)")
            : "it is scaled to zero, so its health is not observable now";
    String kept = "revisionHistoryLimit=" + (limit == null ? "10 (default)" : limit) + " keeps it";
    boolean same = before.equals(now);
    boolean unhealthy = replicas > 0 && ready < replicas;
    boolean feasible = !same && !unhealthy;
    return new WorkloadState.Rollback(
        feasible,
        feasible ? Kube.revision(rs) : null,
        "Previous revision "
            + Kube.revision(rs)
            + " (ReplicaSet "
            + rs.getMetadata().getName()
            + ") runs "
            + before
            + "; "
            + health
            + "; "
            + kept
            + (same
                ? "; it runs the same images as now, so rolling back would not change them."
                : "."));
  }

  /** Image changes between consecutive kept revisions, newest first. */
  static List<Change> changes(WorkloadSnapshot s) {
    List<ReplicaSet> revisions = byRevision(s);
    List<Change> changes = new ArrayList<>();
    for (int i = revisions.size() - 1; i > 0 && changes.size() < MAX_CHANGES; i--) {
      ReplicaSet rs = revisions.get(i);
      Map<String, String> before = images(revisions.get(i - 1).getSpec().getTemplate());
      Map<String, String> after = images(rs.getSpec().getTemplate());
      List<String> diffs = new ArrayList<>();
      after.forEach(
          (name, image) -> {
            if (!Objects.equals(before.get(name), image)) {
              diffs.add("image " + name + ": " + Kube.orDash(before.get(name)) + " -> " + image);
            }
          });
      String summary = diffs.isEmpty() ? "pod template changed" : String.join(", ", diffs);
      changes.add(
          new Change(
              "kubernetes",
              Kube.revision(rs),
              null,
              Kube.instant(rs.getMetadata().getCreationTimestamp()),
              "revision "
                  + Kube.revision(rs)
                  + " (ReplicaSet "
                  + rs.getMetadata().getName()
                  + "): "
                  + summary,
              List.of()));
    }
    return changes;
  }

  /** Attribute: the revision of the ReplicaSet that owns the finding's pod. */
  public static final String ATTR_REVISION = "revision";

  /**
   * Attribute: whether that revision is the Deployment's current one ({@code true}/{@code false}).
   */
  public static final String ATTR_REVISION_CURRENT = "revision_current";

  /** Attribute: whether the previous revision still has ready pods ({@code true}/{@code false}). */
  public static final String ATTR_PREVIOUS_REVISION_READY = "previous_revision_ready";

  /**
   * Adds to each pod finding the revision its pod runs, whether that is the current revision, and
   * whether the previous revision still serves: together they tell a new revision that fails from a
   * running one that broke, which decides between rolling back and restarting.
   */
  static List<Finding> withRevisions(WorkloadSnapshot s, List<Finding> findings) {
    if (!(s.workload() instanceof Deployment)) {
      return findings;
    }
    long current = currentRevision(s);
    String previousReady =
        previousRevision(s)
            .map(
                rs ->
                    Boolean.toString(
                        rs.getStatus() != null && zero(rs.getStatus().getReadyReplicas()) > 0))
            .orElse(null);
    Map<String, ReplicaSet> byName = new HashMap<>();
    s.replicaSets().forEach(rs -> byName.put(rs.getMetadata().getName(), rs));
    Map<String, Pod> pods = new HashMap<>();
    s.pods().forEach(p -> pods.put(p.getMetadata().getName(), p));
    List<Finding> out = new ArrayList<>();
    for (Finding f : findings) {
      Pod pod = pods.get(f.attributes().get(Finding.ATTR_POD));
      ReplicaSet owner =
          pod == null
              ? null
              : pod.getMetadata().getOwnerReferences().stream()
                  .filter(o -> "ReplicaSet".equals(o.getKind()))
                  .map(o -> byName.get(o.getName()))
                  .filter(Objects::nonNull)
                  .findFirst()
                  .orElse(null);
      if (owner == null || revisionNumber(owner) < 0) {
        out.add(f);
        continue;
      }
      Map<String, String> attrs = new LinkedHashMap<>(f.attributes());
      attrs.put(ATTR_REVISION, Long.toString(revisionNumber(owner)));
      attrs.put(ATTR_REVISION_CURRENT, Boolean.toString(revisionNumber(owner) == current));
      if (previousReady != null) {
        attrs.put(ATTR_PREVIOUS_REVISION_READY, previousReady);
      }
      out.add(
          new Finding(f.category(), f.severity(), f.resource(), f.message(), f.evidence(), attrs));
    }
    return out;
  }
}

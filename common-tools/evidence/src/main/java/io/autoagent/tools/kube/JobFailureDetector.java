package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Job that gave up: condition {@code Failed=True} with reason {@code BackoffLimitExceeded} (its
 * pods failed more often than {@code backoffLimit}) or {@code DeadlineExceeded} (it ran past {@code
 * activeDeadlineSeconds}). For a CronJob only its newest Job counts: a later run that succeeded
 * means the schedule has recovered.
 *
 * <p>A backoff whose pods were OOM-killed is {@link Category#OOM_KILLED}; other backoffs are {@link
 * Category#CRASH_LOOP} (the pods exit with an error again and again); a deadline is {@link
 * Category#UNKNOWN} unless the pods say more, since the Job may simply be slow.
 */
final class JobFailureDetector implements FailureDetector {

  static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
  static final String DEADLINE_EXCEEDED = "DeadlineExceeded";

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    Optional<Job> job =
        switch (snapshot.workload()) {
          case Job j -> Optional.of(j);
          case CronJob c ->
              snapshot.jobs().isEmpty() ? Optional.empty() : Optional.of(snapshot.jobs().getLast());
          default -> Optional.empty();
        };
    return job.flatMap(j -> failedCondition(j).map(c -> finding(snapshot, j, c))).stream().toList();
  }

  static Optional<JobCondition> condition(Job job, String type) {
    return job.getStatus() == null || job.getStatus().getConditions() == null
        ? Optional.empty()
        : job.getStatus().getConditions().stream()
            .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
            .findFirst();
  }

  static Optional<JobCondition> failedCondition(Job job) {
    return condition(job, "Failed");
  }

  private static Finding finding(WorkloadSnapshot snapshot, Job job, JobCondition failed) {
    String name = job.getMetadata().getName();
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "Job "
            + name
            + ": condition Failed=True, reason="
            + Kube.orDash(failed.getReason())
            + " ("
            + Kube.orDash(failed.getMessage())
            + "), failed pods="
            + (job.getStatus().getFailed() == null ? 0 : job.getStatus().getFailed())
            + ", backoffLimit="
            + Kube.orDash(job.getSpec() == null ? null : job.getSpec().getBackoffLimit())
            + ", activeDeadlineSeconds="
            + Kube.orDash(job.getSpec() == null ? null : job.getSpec().getActiveDeadlineSeconds()));
    boolean oom = false;
    String exitCode = null;
    String podName = null;
    String container = null;
    for (Pod pod : snapshot.pods()) {
      if (!(snapshot.namespace() + "/" + job.getMetadata().getUid())
          .equals(ClusterReader.controllerKey(pod))) {
        continue;
      }
      for (ContainerStatus status : Kube.statuses(pod)) {
        ContainerStateTerminated t =
            status.getState() != null && status.getState().getTerminated() != null
                ? status.getState().getTerminated()
                : CrashLoopDetector.lastTermination(status);
        if (t != null && t.getExitCode() != null && t.getExitCode() != 0) {
          evidence.add(
              "pod "
                  + pod.getMetadata().getName()
                  + " container "
                  + status.getName()
                  + ": terminated exitCode="
                  + t.getExitCode()
                  + ", reason="
                  + Kube.orDash(t.getReason()));
          oom |= OomKilledDetector.OOM_KILLED.equals(t.getReason());
          exitCode = String.valueOf(t.getExitCode());
          podName = pod.getMetadata().getName();
          container = status.getName();
        }
      }
    }
    boolean backoff = BACKOFF_LIMIT_EXCEEDED.equals(failed.getReason());
    Category category =
        oom ? Category.OOM_KILLED : backoff ? Category.CRASH_LOOP : Category.UNKNOWN;
    String owner =
        snapshot.workload() instanceof CronJob
            ? " (the newest run of CronJob " + snapshot.name() + ")"
            : "";
    String message =
        backoff
            ? "Job "
                + name
                + owner
                + " failed: its pods "
                + (oom ? "were OOM-killed" : "exited with errors")
                + " more often than its backoffLimit allows."
            : "Job "
                + name
                + owner
                + " failed: "
                + Kube.orDash(failed.getReason())
                + " ("
                + Kube.orDash(failed.getMessage())
                + ").";
    return new Finding(
        category,
        Severity.HIGH,
        Kube.ref("Job", snapshot.namespace(), name),
        message,
        evidence,
        Kube.attrs(
            "job",
            name,
            "job_failure",
            failed.getReason(),
            Finding.ATTR_POD,
            podName,
            Finding.ATTR_CONTAINER,
            container,
            Finding.ATTR_EXIT_CODE,
            exitCode));
  }
}

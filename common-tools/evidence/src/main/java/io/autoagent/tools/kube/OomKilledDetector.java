package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * OOM_KILLED: a container whose current or last termination is OOMKilled, with its memory request
 * and limit. A container that was OOM-killed long before the alert and has run fine since is not
 * reported: only terminations within an hour before the alert (or now) count, unless the container
 * is still down.
 */
final class OomKilledDetector implements FailureDetector {

  static final String OOM_KILLED = "OOMKilled";

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    Instant since = Detectors.since(snapshot);
    for (Pod pod : snapshot.pods()) {
      for (ContainerStatus status : Kube.statuses(pod)) {
        ContainerStateTerminated now =
            status.getState() == null ? null : status.getState().getTerminated();
        ContainerStateTerminated last = CrashLoopDetector.lastTermination(status);
        boolean down = Kube.waitingReason(status) != null || now != null;
        ContainerStateTerminated oom =
            now != null && OOM_KILLED.equals(now.getReason())
                ? now
                : last != null && OOM_KILLED.equals(last.getReason()) ? last : null;
        if (oom != null && (down || recent(oom, since))) {
          findings.add(finding(pod, status, oom, down));
        }
      }
    }
    return findings;
  }

  private static boolean recent(ContainerStateTerminated t, Instant since) {
    Instant finished = Kube.instant(t.getFinishedAt());
    return finished != null && !finished.isBefore(since);
  }

  private static Finding finding(
      Pod pod, ContainerStatus status, ContainerStateTerminated oom, boolean down) {
    String podName = pod.getMetadata().getName();
    Container spec = Kube.container(pod, status.getName()).orElse(null);
    String request = spec == null ? null : Kube.request(spec, "memory");
    String limit = spec == null ? null : Kube.limit(spec, "memory");
    List<String> evidence =
        List.of(
            "pod "
                + podName
                + " container "
                + status.getName()
                + ": terminated.reason=OOMKilled, exitCode="
                + oom.getExitCode()
                + ", finishedAt="
                + Kube.orDash(oom.getFinishedAt())
                + ", restartCount="
                + status.getRestartCount(),
            "state now: "
                + (Kube.waitingReason(status) != null
                    ? "waiting " + Kube.waitingReason(status)
                    : status.getState() != null && status.getState().getRunning() != null
                        ? "running"
                        : "terminated"),
            "resources: requests.memory="
                + Kube.orDash(request)
                + ", limits.memory="
                + Kube.orDash(limit));
    ContainerRoles role = ContainerRoles.of(pod, status.getName());
    String message =
        role.capitalised()
            + " "
            + status.getName()
            + " of pod "
            + podName
            + " was killed for running out of memory"
            + (limit == null
                ? " (no memory limit set; the node ran out)"
                : " at its " + limit + " limit")
            + ".";
    return new Finding(
        Category.OOM_KILLED,
        down ? Severity.HIGH : Severity.MEDIUM,
        Kube.podRef(pod),
        message,
        evidence,
        Kube.attrs(
            Finding.ATTR_POD, podName,
            Finding.ATTR_CONTAINER, status.getName(),
            ContainerRoles.ATTR_CONTAINER_ROLE, role.wire(),
            Finding.ATTR_NODE, pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
            Finding.ATTR_IMAGE, status.getImage(),
            Finding.ATTR_EXIT_CODE, String.valueOf(oom.getExitCode()),
            Finding.ATTR_RESTART_COUNT, String.valueOf(status.getRestartCount()),
            Finding.ATTR_MEMORY_REQUEST, request,
            Finding.ATTR_MEMORY_LIMIT, limit));
  }
}

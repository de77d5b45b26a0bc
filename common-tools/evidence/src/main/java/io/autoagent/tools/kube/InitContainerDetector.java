package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * CRASH_LOOP for an init container that failed and is not (yet) backing off: {@code Init:Error}, an
 * init container whose current state is terminated with a non-zero exit code. The pod's app
 * containers never start. Back-off ({@code Init:CrashLoopBackOff}) is {@link CrashLoopDetector}'s,
 * an OOM kill {@link OomKilledDetector}'s; both name the init container as such. Native sidecars
 * ({@code restartPolicy: Always}) are restarted by the kubelet and reported by those detectors.
 */
final class InitContainerDetector implements FailureDetector {

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    Instant since = Detectors.since(snapshot);
    List<Finding> findings = new ArrayList<>();
    for (Pod pod : snapshot.pods()) {
      if (pod.getStatus() == null || pod.getStatus().getInitContainerStatuses() == null) {
        continue;
      }
      for (ContainerStatus status : pod.getStatus().getInitContainerStatuses()) {
        ContainerStateTerminated t =
            status.getState() == null ? null : status.getState().getTerminated();
        Instant finished = t == null ? null : Kube.instant(t.getFinishedAt());
        if (t == null
            || t.getExitCode() == null
            || t.getExitCode() == 0
            || OomKilledDetector.OOM_KILLED.equals(t.getReason())
            || ContainerRoles.of(pod, status.getName()) != ContainerRoles.INIT
            || (finished != null && finished.isBefore(since))) {
          continue;
        }
        findings.add(finding(snapshot, pod, status, t));
      }
    }
    return findings;
  }

  private static Finding finding(
      WorkloadSnapshot snapshot, Pod pod, ContainerStatus status, ContainerStateTerminated t) {
    String podName = pod.getMetadata().getName();
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "pod "
            + podName
            + " init container "
            + status.getName()
            + ": state.terminated exitCode="
            + t.getExitCode()
            + ", reason="
            + Kube.orDash(t.getReason())
            + ", finishedAt="
            + Kube.orDash(t.getFinishedAt())
            + ", restartCount="
            + status.getRestartCount()
            + " (pod status Init:Error)");
    if (t.getMessage() != null && !t.getMessage().isBlank()) {
      evidence.add("termination message: " + t.getMessage());
    }
    String log = snapshot.previousLogs().get(podName + "/" + status.getName());
    if (log != null && !log.isBlank()) {
      evidence.add("init container log (last lines):");
      log.lines().map(line -> "  " + line).forEach(evidence::add);
    }
    return new Finding(
        Category.CRASH_LOOP,
        Severity.HIGH,
        Kube.podRef(pod),
        "Init container "
            + status.getName()
            + " of pod "
            + podName
            + " failed with exit code "
            + t.getExitCode()
            + " (Init:Error), so the pod's app containers never start.",
        evidence,
        Kube.attrs(
            Finding.ATTR_POD,
            podName,
            Finding.ATTR_CONTAINER,
            status.getName(),
            ContainerRoles.ATTR_CONTAINER_ROLE,
            ContainerRoles.INIT.wire(),
            Finding.ATTR_NODE,
            pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
            Finding.ATTR_IMAGE,
            status.getImage(),
            Finding.ATTR_EXIT_CODE,
            String.valueOf(t.getExitCode()),
            Finding.ATTR_RESTART_COUNT,
            String.valueOf(status.getRestartCount())));
  }
}

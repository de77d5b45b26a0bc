package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * CRASH_LOOP: a container waiting in CrashLoopBackOff whose last termination was not OOMKilled
 * (that one is {@link OomKilledDetector}'s), with its exit code, restart count and the tail of the
 * previous instance's log.
 */
final class CrashLoopDetector implements FailureDetector {

  static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";

  /** Attribute: what killed the container, {@code liveness_probe} when its liveness probe did. */
  static final String ATTR_KILLED_BY = "killed_by";

  /**
   * Attribute: {@code true} when restarting the pods cannot help because what kills them (a probe,
   * a failing dependency) will kill them again; runbooks that restart exclude it.
   */
  static final String ATTR_RESTART_UNSAFE = "restart_unsafe";

  private static final int SIGKILL = 137;

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (Pod pod : snapshot.pods()) {
      for (ContainerStatus status : Kube.statuses(pod)) {
        ContainerStateTerminated last = lastTermination(status);
        if (CRASH_LOOP_BACK_OFF.equals(Kube.waitingReason(status))
            && (last == null || !OomKilledDetector.OOM_KILLED.equals(last.getReason()))) {
          findings.add(finding(snapshot, pod, status, last));
        }
      }
    }
    return findings;
  }

  /**
   * Exit 137 without OOMKilled, after the kubelet reported this container's liveness probe failing.
   */
  static boolean killedByLiveness(
      WorkloadSnapshot snapshot, String pod, String container, ContainerStateTerminated last) {
    if (last == null
        || last.getExitCode() == null
        || last.getExitCode() != SIGKILL
        || OomKilledDetector.OOM_KILLED.equals(last.getReason())) {
      return false;
    }
    return snapshot.eventsFor("Pod", pod).stream()
        .filter(CrashLoopDetector::livenessEvent)
        .anyMatch(
            e ->
                e.getInvolvedObject().getFieldPath() == null
                    || e.getInvolvedObject().getFieldPath().contains("{" + container + "}"));
  }

  private static boolean livenessEvent(io.fabric8.kubernetes.api.model.Event e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    return ("Unhealthy".equals(e.getReason()) && message.startsWith("Liveness probe failed"))
        || ("Killing".equals(e.getReason()) && message.contains("failed liveness probe"));
  }

  static ContainerStateTerminated lastTermination(ContainerStatus status) {
    return status.getLastState() == null ? null : status.getLastState().getTerminated();
  }

  private static Finding finding(
      WorkloadSnapshot snapshot, Pod pod, ContainerStatus status, ContainerStateTerminated last) {
    String podName = pod.getMetadata().getName();
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "pod "
            + podName
            + " container "
            + status.getName()
            + ": state.waiting.reason=CrashLoopBackOff, restartCount="
            + status.getRestartCount()
            + " ("
            + Kube.orDash(Kube.waitingMessage(status))
            + ")");
    String exitCode = null;
    if (last != null) {
      exitCode = String.valueOf(last.getExitCode());
      evidence.add(
          "lastState.terminated: exitCode="
              + last.getExitCode()
              + ", reason="
              + Kube.orDash(last.getReason())
              + ", finishedAt="
              + Kube.orDash(last.getFinishedAt()));
    }
    snapshot.eventsFor("Pod", podName).stream()
        .filter(e -> "BackOff".equals(e.getReason()))
        .map(Kube::eventLine)
        .forEach(evidence::add);
    String log = snapshot.previousLogs().get(podName + "/" + status.getName());
    if (log != null && !log.isBlank()) {
      evidence.add("previous container log (last lines):");
      log.lines().map(line -> "  " + line).forEach(evidence::add);
    }
    ContainerRoles role = ContainerRoles.of(pod, status.getName());
    String message =
        role.capitalised()
            + " "
            + status.getName()
            + " of pod "
            + podName
            + " is crash-looping"
            + (last == null
                ? ""
                : ": it last exited with code "
                    + last.getExitCode()
                    + " ("
                    + Kube.orDash(last.getReason())
                    + ")")
            + " and has restarted "
            + status.getRestartCount()
            + " times"
            + (role == ContainerRoles.INIT
                ? " (Init:CrashLoopBackOff: the app containers never start)"
                : "")
            + (role == ContainerRoles.SIDECAR
                ? " (a native sidecar, an init container with restartPolicy Always)"
                : "")
            + ".";
    boolean probeKilled = killedByLiveness(snapshot, podName, status.getName(), last);
    if (probeKilled) {
      snapshot.eventsFor("Pod", podName).stream()
          .filter(CrashLoopDetector::livenessEvent)
          .map(Kube::eventLine)
          .forEach(evidence::add);
      message =
          role.capitalised()
              + " "
              + status.getName()
              + " of pod "
              + podName
              + " is killed by its liveness probe (exit code "
              + last.getExitCode()
              + " without OOMKilled) and has restarted "
              + status.getRestartCount()
              + " times; a restart meets the same probe, which must allow for its start-up time (startupProbe or "
              + "initialDelaySeconds).";
    }
    return new Finding(
        probeKilled ? Category.PROBE_FAILURE : Category.CRASH_LOOP,
        Severity.HIGH,
        Kube.podRef(pod),
        message,
        evidence,
        Kube.attrs(
            ATTR_KILLED_BY,
            probeKilled ? "liveness_probe" : null,
            ContainerRoles.ATTR_CONTAINER_ROLE,
            role.wire(),
            // a new pod runs the same init container, which the kubelet already retries
            ATTR_RESTART_UNSAFE,
            probeKilled || role == ContainerRoles.INIT ? "true" : null,
            Finding.ATTR_POD,
            podName,
            Finding.ATTR_CONTAINER,
            status.getName(),
            Finding.ATTR_NODE,
            pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
            Finding.ATTR_IMAGE,
            status.getImage(),
            Finding.ATTR_EXIT_CODE,
            exitCode,
            Finding.ATTR_RESTART_COUNT,
            String.valueOf(status.getRestartCount())));
  }
}

package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * PROBE_FAILURE: running containers that are not ready while the kubelet reports Unhealthy
 * (readiness or liveness probe failed). A container that is merely starting, with no Unhealthy
 * event, is not reported.
 */
final class ProbeFailureDetector implements FailureDetector {

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (Pod pod : snapshot.pods()) {
      String podName = pod.getMetadata().getName();
      List<Event> unhealthy =
          snapshot.eventsFor("Pod", podName).stream()
              .filter(e -> "Unhealthy".equals(e.getReason()))
              .toList();
      if (unhealthy.isEmpty()) {
        continue;
      }
      for (ContainerStatus status : Kube.statuses(pod)) {
        boolean running = status.getState() != null && status.getState().getRunning() != null;
        if (running && !Boolean.TRUE.equals(status.getReady())) {
          findings.add(finding(pod, status, unhealthy));
        }
      }
    }
    return findings;
  }

  private static Finding finding(Pod pod, ContainerStatus status, List<Event> unhealthy) {
    String podName = pod.getMetadata().getName();
    List<Event> mine =
        unhealthy.stream()
            .filter(
                e ->
                    e.getInvolvedObject().getFieldPath() == null
                        || e.getInvolvedObject()
                            .getFieldPath()
                            .contains("{" + status.getName() + "}"))
            .toList();
    List<Event> used = mine.isEmpty() ? unhealthy : mine;
    String probe = used.getLast().getMessage();
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "pod "
            + podName
            + " container "
            + status.getName()
            + ": state.running since "
            + Kube.orDash(status.getState().getRunning().getStartedAt())
            + ", ready=false, restartCount="
            + status.getRestartCount());
    used.stream().map(Kube::eventLine).forEach(evidence::add);
    String kind = probe != null && probe.startsWith("Liveness") ? "liveness" : "readiness";
    return new Finding(
        Category.PROBE_FAILURE,
        Severity.MEDIUM,
        Kube.podRef(pod),
        "Container "
            + status.getName()
            + " of pod "
            + podName
            + " runs but is not ready: its "
            + kind
            + " probe fails ("
            + probe
            + ").",
        evidence,
        Kube.attrs(
            Finding.ATTR_POD,
            podName,
            Finding.ATTR_CONTAINER,
            status.getName(),
            Finding.ATTR_NODE,
            pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
            "probe",
            kind));
  }
}

package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * UNSCHEDULABLE: Pending pods whose PodScheduled condition is False, with the scheduler's
 * FailedScheduling message ({@code 0/3 nodes are available: 3 Insufficient memory}). Pods that no
 * node's labels could take ({@link NodeAffinityDetector}) or that wait after a preemption ({@link
 * PreemptionDetector}) are left to those detectors. A pod waiting for its volume is still reported:
 * {@code STORAGE} outranks it as the cause.
 */
final class UnschedulableDetector implements FailureDetector {

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (Pod pod : snapshot.pods()) {
      if (pod.getStatus() == null
          || !"Pending".equals(pod.getStatus().getPhase())
          || NodeAffinityDetector.unsatisfiable(snapshot, pod)
          || PreemptionDetector.covers(snapshot, pod)) {
        continue; // the workload-level finding of those detectors explains this pod
      }
      condition(pod, "PodScheduled")
          .filter(c -> "False".equals(c.getStatus()))
          .ifPresent(c -> findings.add(finding(snapshot, pod, c)));
    }
    return findings;
  }

  static Optional<PodCondition> condition(Pod pod, String type) {
    return pod.getStatus().getConditions() == null
        ? Optional.empty()
        : pod.getStatus().getConditions().stream()
            .filter(c -> type.equals(c.getType()))
            .findFirst();
  }

  private static Finding finding(WorkloadSnapshot snapshot, Pod pod, PodCondition scheduled) {
    String podName = pod.getMetadata().getName();
    List<Event> failed =
        snapshot.eventsFor("Pod", podName).stream()
            .filter(e -> "FailedScheduling".equals(e.getReason()))
            .toList();
    String why =
        !failed.isEmpty() ? failed.getLast().getMessage() : Kube.orDash(scheduled.getMessage());
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "pod "
            + podName
            + ": status.phase=Pending, condition PodScheduled=False reason="
            + Kube.orDash(scheduled.getReason())
            + " ("
            + Kube.orDash(scheduled.getMessage())
            + ")");
    failed.stream().map(Kube::eventLine).forEach(evidence::add);
    return new Finding(
        Category.UNSCHEDULABLE,
        Severity.HIGH,
        Kube.podRef(pod),
        "Pod " + podName + " cannot be scheduled: " + why,
        evidence,
        Kube.attrs(Finding.ATTR_POD, podName, "reason", Kube.orDash(scheduled.getReason())));
  }
}

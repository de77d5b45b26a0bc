package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * UNSCHEDULABLE because the scheduler preempted the workload's pods for pods of a higher
 * PriorityClass: {@code Preempted} events within the alert's window (also of pods already deleted)
 * or a pod with condition {@code DisruptionTarget} reason {@code PreemptionByScheduler}. High while
 * the workload lacks pods; low when the preempted pods have come back (nothing to do).
 */
final class PreemptionDetector implements FailureDetector {

  static final String PREEMPTED = "Preempted";
  static final String ATTR_PREEMPTED = "preempted";

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    Instant since = Detectors.since(snapshot);
    List<Event> events =
        snapshot.placement().relatedEvents().stream()
            .filter(e -> PREEMPTED.equals(e.getReason()))
            .filter(e -> Kube.eventTime(e) == null || !Kube.eventTime(e).isBefore(since))
            .sorted(Kube.EVENT_ORDER)
            .toList();
    Set<String> victims = new LinkedHashSet<>();
    events.forEach(e -> victims.add(e.getInvolvedObject().getName()));
    snapshot.pods().stream()
        .filter(PreemptionDetector::markedPreempted)
        .forEach(p -> victims.add(p.getMetadata().getName()));
    if (victims.isEmpty()) {
      return List.of();
    }
    boolean lacking = !PlacementReads.allReady(snapshot);
    PodSpec spec = snapshot.podTemplate() == null ? null : snapshot.podTemplate().getSpec();
    String ownClass =
        spec == null || spec.getPriorityClassName() == null
            ? "(none, priority 0)"
            : spec.getPriorityClassName();
    int own = ownPriority(snapshot, spec);
    List<String> evidence = new ArrayList<>();
    evidence.add("preempted pods: " + String.join(", ", victims));
    events.stream().map(Kube::eventLine).forEach(evidence::add);
    evidence.add("the workload's PriorityClass: " + ownClass + " (priority " + own + ")");
    List<PriorityClass> classes = snapshot.placement().priorityClasses();
    if (classes != null) {
      List<String> higher =
          classes.stream()
              .filter(c -> c.getValue() != null && c.getValue() > own)
              .sorted(Comparator.comparing(PriorityClass::getValue))
              .map(c -> c.getMetadata().getName() + "=" + c.getValue())
              .limit(5)
              .toList();
      evidence.add(
          "higher PriorityClasses: " + (higher.isEmpty() ? "none" : String.join(", ", higher)));
    }
    snapshot.pods().stream()
        .filter(p -> p.getStatus() != null && "Pending".equals(p.getStatus().getPhase()))
        .forEach(p -> evidence.add("pod " + p.getMetadata().getName() + " is Pending"));
    String message =
        snapshot.kind()
            + " "
            + snapshot.name()
            + ": "
            + victims.size()
            + " pod(s) were preempted by the scheduler to make room for pods of a higher PriorityClass (its own: "
            + ownClass
            + ")"
            + (lacking
                ? " and the replacements wait for room; give it a higher PriorityClass or add capacity, a restart only queues them again."
                : "; the replacements run again.");
    return List.of(
        new Finding(
            Category.UNSCHEDULABLE,
            lacking ? Severity.HIGH : Severity.LOW,
            snapshot.resource(),
            message,
            evidence,
            Kube.attrs(
                ATTR_PREEMPTED,
                "true",
                CrashLoopDetector.ATTR_RESTART_UNSAFE,
                "true",
                NodeAffinityDetector.ATTR_UNSCHEDULABLE_REASON,
                "preempted")));
  }

  /**
   * A Pending pod of a workload that lost pods to preemption waits for that room, whatever else the
   * scheduler says.
   */
  static boolean covers(WorkloadSnapshot snapshot, Pod pod) {
    return pod.getStatus() != null
        && "Pending".equals(pod.getStatus().getPhase())
        && new PreemptionDetector()
            .detect(snapshot).stream().anyMatch(f -> f.severity() == Severity.HIGH);
  }

  private static boolean markedPreempted(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    "DisruptionTarget".equals(c.getType())
                        && "True".equals(c.getStatus())
                        && "PreemptionByScheduler".equals(c.getReason()));
  }

  private static int ownPriority(WorkloadSnapshot snapshot, PodSpec spec) {
    for (Pod pod : snapshot.pods()) {
      if (pod.getSpec() != null && pod.getSpec().getPriority() != null) {
        return pod.getSpec().getPriority();
      }
    }
    if (spec != null && spec.getPriority() != null) {
      return spec.getPriority();
    }
    List<PriorityClass> classes = snapshot.placement().priorityClasses();
    if (spec != null && spec.getPriorityClassName() != null && classes != null) {
      return classes.stream()
          .filter(c -> spec.getPriorityClassName().equals(c.getMetadata().getName()))
          .map(PriorityClass::getValue)
          .findFirst()
          .orElse(0);
    }
    return 0;
  }
}

package io.autoagent.guardian.advisor;

import io.autoagent.guardian.calendar.CalendarContext;
import io.autoagent.guardian.signals.WorkloadRef;
import io.autoagent.guardian.signals.WorkloadSample;
import java.util.List;
import java.util.Objects;

/**
 * What an advisor is told: the workload, its recent samples, the calendar, and what the rules (and
 * forecast, if any) already propose.
 *
 * @param recent the last few samples, oldest first
 * @param currentReplicas replicas now
 * @param proposedReplicas what the core would do without advice
 * @param maxStep the most replicas one change may add or remove; advice beyond it is cut back
 * @param forecastPeak forecast peak load in pods, or NaN without a forecast
 */
public record AdvisorRequest(
    WorkloadRef workload,
    List<WorkloadSample> recent,
    CalendarContext calendar,
    int currentReplicas,
    int proposedReplicas,
    int minReplicas,
    int maxReplicas,
    int maxStep,
    double forecastPeak) {

  public AdvisorRequest {
    Objects.requireNonNull(workload, "workload");
    recent = List.copyOf(recent);
    Objects.requireNonNull(calendar, "calendar");
  }
}

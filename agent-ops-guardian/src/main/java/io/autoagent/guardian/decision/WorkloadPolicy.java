package io.autoagent.guardian.decision;

import io.autoagent.guardian.calendar.CalendarContext;
import io.autoagent.guardian.calendar.CalendarPeriod;
import java.util.Map;
import java.util.Objects;

/**
 * Per-workload policy.
 *
 * @param minReplicas lower bound, never below 1 (1)
 * @param maxReplicas upper bound (10)
 * @param mode conservative or aggressive (conservative)
 * @param shadow decide and report, never act (false)
 * @param predictive scale on forecasts when the mode allows (true)
 * @param calendarFloors minimum replicas during (and just before) calendar periods (none)
 */
public record WorkloadPolicy(
    int minReplicas,
    int maxReplicas,
    Mode mode,
    boolean shadow,
    boolean predictive,
    Map<CalendarPeriod, Integer> calendarFloors) {

  public static final WorkloadPolicy DEFAULTS =
      new WorkloadPolicy(1, 10, Mode.CONSERVATIVE, false, true, Map.of());

  public WorkloadPolicy {
    Objects.requireNonNull(mode, "mode");
    minReplicas = Math.max(1, minReplicas);
    if (maxReplicas < minReplicas) {
      throw new IllegalArgumentException("maxReplicas must be at least minReplicas");
    }
    calendarFloors = calendarFloors == null ? Map.of() : Map.copyOf(calendarFloors);
  }

  public int clamp(int replicas) {
    return Math.max(minReplicas, Math.min(maxReplicas, replicas));
  }

  /** The highest floor among the periods active or about to start, or 0 when none applies. */
  public int calendarFloor(CalendarContext calendar) {
    return calendarFloors.entrySet().stream()
        .filter(e -> calendar.covers(e.getKey()))
        .mapToInt(Map.Entry::getValue)
        .max()
        .orElse(0);
  }

  public WorkloadPolicy withMode(Mode value) {
    return new WorkloadPolicy(minReplicas, maxReplicas, value, shadow, predictive, calendarFloors);
  }

  public WorkloadPolicy withShadow(boolean value) {
    return new WorkloadPolicy(minReplicas, maxReplicas, mode, value, predictive, calendarFloors);
  }

  public WorkloadPolicy withPredictive(boolean value) {
    return new WorkloadPolicy(minReplicas, maxReplicas, mode, shadow, value, calendarFloors);
  }

  public WorkloadPolicy withBounds(int min, int max) {
    return new WorkloadPolicy(min, max, mode, shadow, predictive, calendarFloors);
  }

  public WorkloadPolicy withCalendarFloors(Map<CalendarPeriod, Integer> floors) {
    return new WorkloadPolicy(minReplicas, maxReplicas, mode, shadow, predictive, floors);
  }
}

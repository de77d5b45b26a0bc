package io.autoagent.guardian.decision;

import io.autoagent.guardian.calendar.CalendarContext;
import io.autoagent.guardian.signals.AppSignals;
import io.autoagent.guardian.signals.WorkloadSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/** The reactive rules: the seed's thresholds, as a pure function of one sample. */
public final class RuleEngine {

  private final Thresholds t;

  public RuleEngine(Thresholds thresholds) {
    this.t = Objects.requireNonNull(thresholds, "thresholds");
  }

  /**
   * @param sample the latest sample
   * @param demandPods load in pods at 100 % of their CPU request (see {@link LoadEstimator})
   * @param calendar where now falls in the business calendar
   * @param policy the workload's policy
   */
  public RuleVerdict evaluate(
      WorkloadSample sample, double demandPods, CalendarContext calendar, WorkloadPolicy policy) {
    int current = Math.max(1, sample.desiredReplicas());
    List<String> high = highSignals(sample);
    boolean cpuHigh = sample.cpuPercent() > t.upCpuPercent();
    boolean up = t.requireCpuAndAnother() ? cpuHigh && high.size() >= 2 : !high.isEmpty();
    if (up) {
      int target =
          policy.mode() == Mode.CONSERVATIVE
              ? current + 1
              : Math.max(current + 1, sized(demandPods));
      return new RuleVerdict(Direction.UP, target, high, confidence(high.size()));
    }
    if (!high.isEmpty()) {
      return new RuleVerdict(
          Direction.STEADY,
          current,
          List.of("gated: CPU high and one other signal needed, saw " + String.join(", ", high)),
          0.5);
    }
    List<String> notLow = notLowSignals(sample);
    if (!notLow.isEmpty()) {
      return new RuleVerdict(Direction.STEADY, current, List.of("within thresholds"), 0.8);
    }
    if (calendar.isBusinessHours() && !policy.mode().scalesDownInBusinessHours()) {
      return new RuleVerdict(
          Direction.STEADY,
          current,
          List.of("load is low but scale-down waits for off-hours"),
          0.8);
    }
    // aggressive mode removes only what the target utilisation does not need
    int target = policy.mode() == Mode.CONSERVATIVE ? current - 1 : sized(demandPods);
    if (Math.max(1, target) >= current) {
      return new RuleVerdict(
          Direction.STEADY,
          current,
          List.of("load is low but the current replicas are still needed"),
          0.8);
    }
    return new RuleVerdict(
        Direction.DOWN,
        Math.max(1, target),
        List.of(String.format(Locale.ROOT, "all signals low (CPU %.0f%%)", sample.cpuPercent())),
        0.8);
  }

  /** Replicas that would run {@code demandPods} at the target utilisation. */
  public int sized(double demandPods) {
    return (int) Math.ceil(demandPods * 100.0 / t.targetCpuPercent() - 1e-9);
  }

  private List<String> highSignals(WorkloadSample s) {
    List<String> high = new ArrayList<>();
    AppSignals app = s.app();
    if (s.cpuPercent() > t.upCpuPercent()) {
      high.add(fmt("CPU %.0f%% > %.0f%%", s.cpuPercent(), t.upCpuPercent()));
    }
    if (s.memoryPercent() > t.upMemoryPercent()) {
      high.add(fmt("memory %.0f%% > %.0f%%", s.memoryPercent(), t.upMemoryPercent()));
    }
    OptionalDouble latency = app.latencyMs();
    if (latency.isPresent() && latency.getAsDouble() > t.upLatencyMs()) {
      high.add(fmt("latency %.0f ms > %.0f ms", latency.getAsDouble(), t.upLatencyMs()));
    }
    if (app.errorRatePercent() != null && app.errorRatePercent() > t.upErrorPercent()) {
      high.add(fmt("error rate %.2f%% > %.2f%%", app.errorRatePercent(), t.upErrorPercent()));
    }
    return high;
  }

  private List<String> notLowSignals(WorkloadSample s) {
    List<String> notLow = new ArrayList<>();
    AppSignals app = s.app();
    if (s.cpuPercent() >= t.downCpuPercent()) {
      notLow.add("cpu");
    }
    if (s.memoryPercent() >= t.downMemoryPercent()) {
      notLow.add("memory");
    }
    OptionalDouble latency = app.latencyMs();
    if (latency.isPresent() && latency.getAsDouble() >= t.downLatencyMs()) {
      notLow.add("latency");
    }
    if (app.errorRatePercent() != null && app.errorRatePercent() >= t.downErrorPercent()) {
      notLow.add("errors");
    }
    return notLow;
  }

  private static double confidence(int agreeing) {
    return Math.min(0.95, 0.55 + 0.1 * agreeing);
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}

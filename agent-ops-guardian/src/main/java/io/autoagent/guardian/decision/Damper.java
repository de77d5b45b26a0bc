package io.autoagent.guardian.decision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * HPA-like damping for one workload: stabilization windows over past recommendations, a step limit
 * per period and cooldowns after changes. Not thread-safe; one per workload, used from the decision
 * loop.
 */
public final class Damper {

  private final Damping cfg;
  private final Deque<Recommendation> recommendations = new ArrayDeque<>();
  private final Deque<Change> changes = new ArrayDeque<>();
  private Instant lastUp;
  private Instant lastChange;

  public Damper(Damping damping) {
    this.cfg = Objects.requireNonNull(damping, "damping");
  }

  /** The outcome of damping: the replicas to set now, or why nothing may change yet. */
  public record Damped(int target, String deferral, Duration retryAfter) {
    static Damped to(int target) {
      return new Damped(target, null, null);
    }

    static Damped defer(int current, String why, Duration retryAfter) {
      return new Damped(current, why, retryAfter);
    }

    public boolean isDeferred() {
      return deferral != null;
    }
  }

  /**
   * Damps a change from {@code current} towards {@code wanted} and records {@code wanted} as a
   * recommendation for later windows.
   *
   * @param oneAtATime conservative mode: move at most one replica
   */
  public Damped damp(int current, int wanted, Instant now, boolean oneAtATime) {
    return damp(current, wanted, now, oneAtATime, cfg.downStabilization(), cfg.downCooldown());
  }

  /**
   * As {@link #damp(int, int, Instant, boolean)} with a shorter scale-down window and cooldown, for
   * a forecast confident enough to release pods sooner (never longer than configured).
   */
  public synchronized Damped damp(
      int current,
      int wanted,
      Instant now,
      boolean oneAtATime,
      Duration downWindow,
      Duration downCooldown) {
    recommendations.addLast(new Recommendation(now, wanted));
    prune(now);
    if (wanted > current) {
      return up(current, now, oneAtATime);
    }
    if (wanted < current) {
      return down(
          current,
          now,
          oneAtATime,
          min(downWindow, cfg.downStabilization()),
          min(downCooldown, cfg.downCooldown()));
    }
    return Damped.to(current);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  private Damped up(int current, Instant now, boolean oneAtATime) {
    int stabilized = extreme(now, cfg.upStabilization(), false);
    if (stabilized <= current) {
      return Damped.defer(current, "scale-up stabilization window", cfg.upStabilization());
    }
    Duration cooling = remaining(lastUp, cfg.upCooldown(), now);
    if (!cooling.isZero()) {
      return Damped.defer(current, "scale-up cooldown", cooling);
    }
    int base = current - netChange();
    int limit = oneAtATime ? current + 1 : base + cfg.maxStep(base);
    int target = Math.min(stabilized, limit);
    if (target <= current) {
      return Damped.defer(current, "step limit reached for this period", cfg.stepPeriod());
    }
    return Damped.to(target);
  }

  private Damped down(
      int current, Instant now, boolean oneAtATime, Duration window, Duration cooldown) {
    int stabilized = extreme(now, window, true);
    if (stabilized >= current) {
      return Damped.defer(current, "scale-down stabilization window", window);
    }
    Duration cooling = remaining(lastChange, cooldown, now);
    if (!cooling.isZero()) {
      return Damped.defer(current, "cooldown after the last change", cooling);
    }
    int base = current - netChange();
    int limit = oneAtATime ? current - 1 : base - cfg.maxStep(base);
    int target = Math.max(stabilized, Math.max(1, limit));
    if (target >= current) {
      return Damped.defer(current, "step limit reached for this period", cfg.stepPeriod());
    }
    return Damped.to(target);
  }

  /**
   * The damper's memory as plain data (recommendations in the windows, recent changes, the last
   * scale-up and change), for the history bucket: a new leader restores it and so does not scale
   * again at once.
   */
  public record State(
      List<Point> recommendations, List<Point> changes, Instant lastUp, Instant lastChange) {
    public State {
      recommendations = recommendations == null ? List.of() : List.copyOf(recommendations);
      changes = changes == null ? List.of() : List.copyOf(changes);
    }
  }

  /** A time and a number: a recommended replica count, or a change's delta. */
  public record Point(Instant at, int value) {}

  public synchronized State state() {
    return new State(
        recommendations.stream().map(r -> new Point(r.at(), r.replicas())).toList(),
        changes.stream().map(c -> new Point(c.at(), c.delta())).toList(),
        lastUp,
        lastChange);
  }

  /** Replaces this damper's memory with a saved one. */
  public synchronized void restore(State state) {
    recommendations.clear();
    state
        .recommendations()
        .forEach(p -> recommendations.addLast(new Recommendation(p.at(), p.value())));
    changes.clear();
    state.changes().forEach(p -> changes.addLast(new Change(p.at(), p.value())));
    lastUp = state.lastUp();
    lastChange = state.lastChange();
  }

  /** Records a change the runtime has made, for cooldowns and step limits. */
  public synchronized void changed(int from, int to, Instant at) {
    changes.addLast(new Change(at, to - from));
    lastChange = at;
    if (to > from) {
      lastUp = at;
    }
  }

  /** Highest (for scale-down) or lowest (for scale-up) recommendation within the window. */
  private int extreme(Instant now, Duration window, boolean highest) {
    Instant since = now.minus(window);
    return recommendations.stream()
        .filter(r -> !r.at().isBefore(since))
        .mapToInt(Recommendation::replicas)
        .reduce(highest ? Math::max : Math::min)
        .orElseThrow();
  }

  private int netChange() {
    return changes.stream().mapToInt(Change::delta).sum();
  }

  private void prune(Instant now) {
    Duration keep =
        cfg.downStabilization().compareTo(cfg.upStabilization()) > 0
            ? cfg.downStabilization()
            : cfg.upStabilization();
    Instant since = now.minus(keep);
    while (recommendations.size() > 1 && recommendations.peekFirst().at().isBefore(since)) {
      recommendations.removeFirst();
    }
    Instant periodStart = now.minus(cfg.stepPeriod());
    while (!changes.isEmpty() && !changes.peekFirst().at().isAfter(periodStart)) {
      changes.removeFirst();
    }
  }

  private static Duration remaining(Instant since, Duration cooldown, Instant now) {
    if (since == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(now, since.plus(cooldown));
    return left.isNegative() || left.isZero() ? Duration.ZERO : left;
  }

  private record Recommendation(Instant at, int replicas) {}

  private record Change(Instant at, int delta) {}
}

package io.autoagent.guardian.coordination;

import io.autoagent.guardian.signals.WorkloadRef;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The pauses in force. A pause from the same requester replaces its earlier one; a resume ends them
 * all; each ends by itself after its TTL, by the injected clock. Thread-safe.
 */
public final class Pauses {

  private final Clock clock;
  private final List<Pause> active = new ArrayList<>();

  public Pauses(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Clock clock() {
    return clock;
  }

  public synchronized void add(Pause pause) {
    active.removeIf(p -> p.requestedBy().equals(pause.requestedBy()));
    active.add(pause);
  }

  /** Ends every pause; returns those that were in force. */
  public synchronized List<Pause> resumeAll() {
    List<Pause> ended = current();
    active.clear();
    return ended;
  }

  /** Removes and returns the pauses whose TTL has run out. */
  public synchronized List<Pause> expire() {
    Instant now = clock.instant();
    List<Pause> expired = active.stream().filter(p -> p.expiredAt(now)).toList();
    active.removeAll(expired);
    return expired;
  }

  /** The pause in force for a workload, if any (expired pauses never count). */
  public synchronized Optional<Pause> pausing(WorkloadRef workload) {
    Instant now = clock.instant();
    return active.stream().filter(p -> !p.expiredAt(now) && p.covers(workload)).findFirst();
  }

  /** The pauses in force now. */
  public synchronized List<Pause> current() {
    Instant now = clock.instant();
    return active.stream().filter(p -> !p.expiredAt(now)).toList();
  }
}

package io.autoagent.guardian.loop;

import java.util.List;

/**
 * What one monitoring cycle did.
 *
 * @param ran false when this replica is not the leader (nothing was read or decided)
 * @param verdicts one per workload decided
 * @param unreadable workloads whose signals could not be read, as {@code ns/name: why}
 */
public record CycleReport(boolean ran, List<Verdict> verdicts, List<String> unreadable) {

  public static final CycleReport NOT_LEADER = new CycleReport(false, List.of(), List.of());

  public CycleReport {
    verdicts = List.copyOf(verdicts);
    unreadable = List.copyOf(unreadable);
  }
}

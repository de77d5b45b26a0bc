package io.autoagent.tools.remediation.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link ExecutionStore} in memory, one process only. */
final class InMemoryExecutionStore implements ExecutionStore {

  private record Lock(String executionId, Instant since) {}

  private final Map<String, Stored> records = new HashMap<>();
  private final Map<String, Lock> locks = new HashMap<>();
  private final Map<String, List<Instant>> starts = new HashMap<>();

  @Override
  public synchronized Optional<Stored> get(String executionId) {
    return Optional.ofNullable(records.get(executionId));
  }

  @Override
  public synchronized OptionalLong create(ExecutionRecord record) {
    if (records.containsKey(record.executionId())) {
      return OptionalLong.empty();
    }
    records.put(record.executionId(), new Stored(record, 1));
    return OptionalLong.of(1);
  }

  @Override
  public synchronized long update(ExecutionRecord record, long revision) {
    Stored current = records.get(record.executionId());
    if (current == null || current.revision() != revision) {
      throw new ConcurrentUpdateException(
          "execution " + record.executionId() + " changed since revision " + revision);
    }
    records.put(record.executionId(), new Stored(record, revision + 1));
    return revision + 1;
  }

  @Override
  public synchronized Optional<String> lock(
      String targetKey, String executionId, Instant now, Duration staleAfter) {
    Lock held = locks.get(targetKey);
    if (held != null
        && !held.executionId().equals(executionId)
        && held.since().plus(staleAfter).isAfter(now)) {
      return Optional.of(held.executionId());
    }
    locks.put(targetKey, new Lock(executionId, now));
    return Optional.empty();
  }

  @Override
  public synchronized void unlock(String targetKey, String executionId) {
    locks.computeIfPresent(targetKey, (k, l) -> l.executionId().equals(executionId) ? null : l);
  }

  @Override
  public synchronized boolean admit(String targetKey, Instant now, Duration window, int limit) {
    List<Instant> list = starts.computeIfAbsent(targetKey, k -> new ArrayList<>());
    list.removeIf(t -> !t.isAfter(now.minus(window)));
    if (list.size() >= limit) {
      return false;
    }
    list.add(now);
    return true;
  }

  @Override
  public synchronized void release(String targetKey, Instant start) {
    List<Instant> list = starts.get(targetKey);
    if (list != null) {
      list.remove(start);
    }
  }
}

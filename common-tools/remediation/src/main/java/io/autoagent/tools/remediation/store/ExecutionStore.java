package io.autoagent.tools.remediation.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Durable state of executions: one record per execution id, a lock per target and a rate-limit
 * window per target. {@link KvExecutionStore} keeps them in a JetStream key-value bucket shared by
 * every replica; {@link #inMemory()} is for tests and a single process.
 *
 * <p>Thread-safe. Implementations throw {@link io.autoagent.core.RetriableException} when the store
 * cannot be reached; the request is then redelivered and resumes.
 */
public interface ExecutionStore {

  /** A record and its revision, for compare-and-set. */
  record Stored(ExecutionRecord record, long revision) {}

  Optional<Stored> get(String executionId);

  /** Creates the record unless one exists: its revision, or empty when the id is taken. */
  OptionalLong create(ExecutionRecord record);

  /**
   * Replaces the record when it is still at {@code revision}.
   *
   * @return the new revision
   * @throws ConcurrentUpdateException when someone else wrote it since
   */
  long update(ExecutionRecord record, long revision);

  /**
   * Takes the target's lock for an execution (again, when it already holds it). A lock older than
   * {@code staleAfter} is taken over: its holder died without releasing it.
   *
   * @return empty when taken; otherwise the execution id that holds it
   */
  Optional<String> lock(String targetKey, String executionId, Instant now, Duration staleAfter);

  /** Releases the target's lock if the execution holds it. */
  void unlock(String targetKey, String executionId);

  /**
   * Counts one live execution start for a target unless {@code limit} starts already happened
   * within {@code window} before {@code now}.
   *
   * @return whether the start was admitted (and counted)
   */
  boolean admit(String targetKey, Instant now, Duration window, int limit);

  /**
   * Takes back a start counted by {@link #admit} at {@code start}: the run wrote nothing (it was
   * refused or failed before its first change), so it counts against no rate limit.
   */
  void release(String targetKey, Instant start);

  static ExecutionStore inMemory() {
    return new InMemoryExecutionStore();
  }

  /** A compare-and-set lost against another writer. */
  final class ConcurrentUpdateException extends RuntimeException {
    public ConcurrentUpdateException(String message) {
      super(message);
    }
  }
}

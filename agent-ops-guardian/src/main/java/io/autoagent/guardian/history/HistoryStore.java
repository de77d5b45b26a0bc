package io.autoagent.guardian.history;

import io.autoagent.guardian.decision.Damper;
import io.autoagent.guardian.signals.WorkloadHistory;
import io.autoagent.guardian.signals.WorkloadRef;
import java.util.Optional;

/**
 * Where workload histories outlive the process, so a restart or a new leader keeps forecasting from
 * what was seen. Implementations never throw: a store that cannot be reached loses history, never a
 * decision.
 */
public interface HistoryStore {

  /** Keeps nothing: every start begins with empty histories. */
  HistoryStore NONE =
      new HistoryStore() {
        @Override
        public Optional<WorkloadHistory.Snapshot> load(WorkloadRef workload) {
          return Optional.empty();
        }

        @Override
        public void save(WorkloadHistory.Snapshot snapshot) {}
      };

  Optional<WorkloadHistory.Snapshot> load(WorkloadRef workload);

  /** The damper memory saved for a workload; none by default. */
  default Optional<Damper.State> loadDamper(WorkloadRef workload) {
    return Optional.empty();
  }

  /** Saves a workload's damper memory; kept nowhere by default. */
  default void saveDamper(WorkloadRef workload, Damper.State state) {}

  void save(WorkloadHistory.Snapshot snapshot);
}

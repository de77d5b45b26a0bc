package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Finding;
import java.util.List;

/**
 * Recognises one kind of failure in a workload snapshot.
 *
 * <p>A detector is a pure function of the snapshot: it never calls the cluster, keeps no state and
 * is safe to call from many threads. It returns one finding per affected object (for example one
 * per crash-looping container), or an empty list when the failure is absent. It may throw on a
 * malformed object; the orchestrator records the error and runs the other detectors.
 */
public interface FailureDetector {

  List<Finding> detect(WorkloadSnapshot snapshot);

  /** Name used in logs when the detector fails. */
  default String name() {
    return getClass().getSimpleName();
  }
}

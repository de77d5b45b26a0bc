package io.autoagent.tools.analysis;

import java.util.List;

/**
 * Picks the runbooks that fit an incident, best first, with their parameters resolved from the
 * evidence. Thread-safe.
 */
public interface RunbookPlanner {

  /** Used until a runbook library is configured: recommends nothing. */
  RunbookPlanner NONE = (evidence, rootCause) -> List.of();

  List<Recommendation> recommend(Evidence evidence, RootCause rootCause);

  /**
   * A value that changes whenever the runbooks it plans from change (a library reload); an analysis
   * is reused only while it is equal. Cheap. This default is for planners that never change.
   */
  default Object version() {
    return "";
  }
}

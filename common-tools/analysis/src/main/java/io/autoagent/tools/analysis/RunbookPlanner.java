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
}

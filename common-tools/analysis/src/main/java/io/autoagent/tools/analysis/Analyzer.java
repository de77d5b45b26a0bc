package io.autoagent.tools.analysis;

/**
 * Turns evidence into one root cause. Pure and thread-safe; must answer even when every source was
 * skipped (then with {@link Category#UNKNOWN}, never an invented finding).
 */
public interface Analyzer {

  /** Value of {@code analyzer} in the analysis: {@code rules} or {@code llm/<provider>/<model>}. */
  String name();

  RootCause analyze(Evidence evidence);
}

package io.autoagent.tools.analysis;

import java.util.Comparator;
import java.util.List;

/**
 * The deterministic analyzer: ranks findings into one root cause. With no findings and no source
 * that looked, the honest answer is {@link Category#UNKNOWN}.
 */
public final class RulesAnalyzer implements Analyzer {

  @Override
  public String name() {
    return "rules";
  }

  @Override
  public RootCause analyze(Evidence evidence) {
    List<Finding> findings = evidence.findings();
    if (findings.isEmpty()) {
      return new RootCause(
          Category.UNKNOWN, "No evidence source produced findings for this service.", 0.0);
    }
    Finding top =
        findings.stream().min(Comparator.comparing(Finding::severity)).orElseThrow();
    return new RootCause(top.category(), top.message(), 0.5);
  }
}

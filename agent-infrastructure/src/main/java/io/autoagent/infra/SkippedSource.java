package io.autoagent.infra;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.EvidenceSource;
import io.autoagent.tools.analysis.SourceReport;

/** A source that is not configured: every analysis reports it {@code skipped}, with the reason. */
public record SkippedSource(String name, String reason) implements EvidenceSource {

  @Override
  public SourceReport collect(Alert alert) {
    return SourceReport.skipped(name, reason);
  }

  /** Its answer never changes. */
  @Override
  public Object stateToken(Alert alert) {
    return reason;
  }
}

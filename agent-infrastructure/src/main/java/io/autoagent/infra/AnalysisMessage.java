package io.autoagent.infra;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.autoagent.core.messaging.Envelope;
import io.autoagent.core.messaging.WireMessage;
import io.autoagent.tools.analysis.Change;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Recommendation;
import io.autoagent.tools.analysis.RootCause;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code infrastructure_analysis} published on {@code orchestrator_response} ({@code
 * analysis.schema.json}), serialised once by the agent's mapper: snake_case names, null fields left
 * out. An analysed alert has findings, changes, recommendations and remediation (possibly empty); a
 * rejected or given-up request has none of them, only {@code error}. Made by {@link
 * AnalysisDocuments}.
 *
 * @param sourceDetails why a source (or the LLM) was skipped, unavailable or failed; null when none
 * @param error set when {@code status} is {@code failed} or {@code rejected}; null otherwise
 */
public record AnalysisMessage(
    @JsonUnwrapped Envelope envelope,
    String alertId,
    String service,
    String namespace,
    AnalysisStatus status,
    RootCause rootCause,
    WorkloadRef workload,
    List<Finding> findings,
    List<Change> changes,
    List<Recommendation> recommendations,
    IncidentReport.Remediation remediation,
    Map<String, String> sources,
    Map<String, String> sourceDetails,
    String analyzer,
    long durationMs,
    Error error)
    implements WireMessage {

  public AnalysisMessage {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(sources, "sources");
    Objects.requireNonNull(analyzer, "analyzer");
  }

  /** The resolved workload ({@code workload}: kind and name). */
  public record WorkloadRef(String kind, String name) {}

  /** The contract's {@code error}: one of its codes, and a sentence naming the bad value. */
  public record Error(String code, String message) {
    public Error {
      Objects.requireNonNull(code, "code");
    }
  }
}

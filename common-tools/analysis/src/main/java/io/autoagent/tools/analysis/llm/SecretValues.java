package io.autoagent.tools.analysis.llm;

import io.autoagent.tools.analysis.Alert;
import java.util.Set;

/**
 * Literal secret values known outside the evidence that must never reach the LLM for an alert,
 * redacted wherever they appear on top of {@link io.autoagent.tools.analysis.EvidenceRedaction}
 * (which already covers the workload's Secret-backed variables, named by its pod spec, and every
 * value the evidence shows beside a credential key). Called once per analysis from worker threads;
 * must be thread-safe and cheap (read from a cache, never the API server).
 */
@FunctionalInterface
public interface SecretValues {

  /** Knows no values; pattern-based redaction still applies. */
  SecretValues NONE = alert -> Set.of();

  Set<String> valuesFor(Alert alert);
}

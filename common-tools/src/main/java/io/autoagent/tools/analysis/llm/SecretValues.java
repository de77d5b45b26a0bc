package io.autoagent.tools.analysis.llm;

import io.autoagent.tools.analysis.Alert;
import java.util.Set;

/**
 * Literal secret values that must never reach the LLM for an alert: the values of the Secrets the
 * workload mounts or references and of environment variables sourced from them. Redacted wherever
 * they appear, on top of the pattern-based redaction. Called once per analysis from worker threads;
 * must be thread-safe and cheap (read from an informer cache, never the API server).
 */
@FunctionalInterface
public interface SecretValues {

  /** Knows no values; pattern-based redaction still applies. */
  SecretValues NONE = alert -> Set.of();

  Set<String> valuesFor(Alert alert);
}

package io.autoagent.tools.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.RootCause;
import io.autoagent.tools.remediation.ExecutionStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What the alert path tells the side effects of an incident (archive, Slack, tickets) once its
 * answer is published. An implementation only stores what it needs durably (a JetStream outbox) and
 * returns; the work runs in its own workers, each at its own pace and retried on its own, so the
 * answer never waits for it. Thread-safe.
 *
 * <p>Throws {@link io.autoagent.core.RetriableException} only when NATS did not store the hand-off:
 * the alert is redelivered, its answer kept by message id, and the hand-off repeated (deduplicated
 * by message id). What {@link #analysed} hands off in the background (a new incident's archive)
 * reports the same failure through the stage it returns; the alert is acknowledged only once that
 * stage completes normally.
 */
public interface IncidentHook {

  /** Does nothing: an agent without archives or escalation. */
  IncidentHook NONE =
      new IncidentHook() {
        @Override
        public CompletionStage<?> analysed(
            Evidence evidence,
            RootCause rootCause,
            Supplier<JsonNode> published,
            Map<String, Object> policy) {
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public void remediated(
            Alert alert,
            String category,
            String runbookId,
            ExecutionStatus status,
            String summary,
            List<String> links,
            Map<String, Object> policy) {}
      };

  /**
   * After an analysis with a root cause is published.
   *
   * @param published the analysis as published (archived as is, redacted); built only when an
   *     archive is new, so the rest of a storm never builds it
   * @param policy the matching AutoRemediationPolicy's {@code escalation} map ({@code
   *     slackChannel}); may be empty
   * @return completes once what was handed off in the background is stored durably (at once when
   *     nothing was); completes exceptionally as this method would throw
   */
  CompletionStage<?> analysed(
      Evidence evidence,
      RootCause rootCause,
      Supplier<JsonNode> published,
      Map<String, Object> policy);

  /** After a remediation ends or waits for approval. */
  void remediated(
      Alert alert,
      String category,
      String runbookId,
      ExecutionStatus status,
      String summary,
      List<String> links,
      Map<String, Object> policy);
}

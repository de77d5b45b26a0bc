package io.autoagent.tools.remediation;

/**
 * Where the engine records the audit trail: every result, decision and step change, in order.
 * {@link NatsAuditSink} publishes results (and {@code running} progress) on {@code
 * runbook.execution.infrastructure} and decisions and step changes as events on {@code
 * agent.events.infrastructure-agent}, with the given message ids, which are deterministic, so a
 * redelivered request never stores an entry twice.
 *
 * <p>Called from the engine's worker thread. May throw {@link io.autoagent.core.RetriableException}
 * when the entry cannot be stored; the engine then stops and the request is redelivered.
 */
public interface AuditSink {

  /** A result: rejected, duplicate, dry_run, awaiting_approval, or the final status. */
  void result(ExecutionReport report, String messageId);

  /** A decision on a request that will run (live or resumed, or approved). */
  void decision(ExecutionRequest request, Decision decision, String messageId);

  /** A step reached a new status; {@code step} carries its changes. */
  void step(ExecutionRequest request, StepReport step, String messageId);

  /**
   * Progress of a live run (contract 1.1): a {@code running} result each time a step starts or
   * ends, with the steps so far; {@code sequence} counts from 0 and is the same for the same event
   * when a restarted agent resumes, so the message id {@code execution-<execution_id>-<sequence>}
   * deduplicates.
   */
  default void running(ExecutionReport progress, int sequence) {}

  AuditSink NOOP =
      new AuditSink() {
        @Override
        public void result(ExecutionReport report, String messageId) {}

        @Override
        public void decision(ExecutionRequest request, Decision decision, String messageId) {}

        @Override
        public void step(ExecutionRequest request, StepReport step, String messageId) {}
      };
}

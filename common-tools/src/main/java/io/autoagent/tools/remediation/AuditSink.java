package io.autoagent.tools.remediation;

/**
 * Where the engine records the audit trail: every result, decision and step change, in order.
 * {@link NatsAuditSink} publishes on {@code runbook.execution.infrastructure} with the given
 * message ids, which are deterministic, so a redelivered request never stores an entry twice.
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

package io.autoagent.infra.metrics;

import io.autoagent.tools.remediation.AuditSink;
import io.autoagent.tools.remediation.Decision;
import io.autoagent.tools.remediation.ExecutionReport;
import io.autoagent.tools.remediation.ExecutionRequest;
import io.autoagent.tools.remediation.StepReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts each runbook execution result the engine records, by {@code runbook} and {@code status}
 * ({@code succeeded}, {@code failed}, {@code rolled_back}, {@code rejected}, {@code dry_run}, ...),
 * after the wrapped sink stored it: {@value #EXECUTIONS}, in Prometheus {@code
 * agent_runbook_executions_total}. Runbook ids are few (the library), so the tag stays
 * low-cardinality.
 */
public final class MeteredAuditSink implements AuditSink {

  public static final String EXECUTIONS = "agent.runbook.executions";

  private final AuditSink delegate;
  private final MeterRegistry registry;

  public MeteredAuditSink(AuditSink delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.registry = registry;
  }

  @Override
  public void result(ExecutionReport report, String messageId) {
    delegate.result(report, messageId);
    Counter.builder(EXECUTIONS)
        .description("Runbook execution results by runbook and status")
        .tags(
            "runbook",
            String.valueOf(report.request().runbookId()),
            "status",
            report.status().wire())
        .register(registry)
        .increment();
  }

  @Override
  public void decision(ExecutionRequest request, Decision decision, String messageId) {
    delegate.decision(request, decision, messageId);
  }

  @Override
  public void step(ExecutionRequest request, StepReport step, String messageId) {
    delegate.step(request, step, messageId);
  }
}

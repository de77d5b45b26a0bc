package io.autoagent.infra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.RetriableException;
import io.autoagent.tools.remediation.AuditSink;
import io.autoagent.tools.remediation.Decision;
import io.autoagent.tools.remediation.ExecutionReport;
import io.autoagent.tools.remediation.ExecutionRequest;
import io.autoagent.tools.remediation.ExecutionStatus;
import io.autoagent.tools.remediation.StepReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeteredAuditSinkTest {

  private static final ExecutionRequest REQUEST =
      new ExecutionRequest(
          "x-1",
          "c-1",
          "increase-memory-limit",
          new ExecutionRequest.Target("shop", "payments", null, null),
          Map.of(),
          false,
          "test",
          Instant.now(),
          null);

  private static ExecutionReport report(ExecutionStatus status) {
    return new ExecutionReport(
        REQUEST, status, false, List.of(), List.of(), List.of(), null, null, null);
  }

  @Test
  void countsEachStoredResultByRunbookAndStatus() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MeteredAuditSink sink = new MeteredAuditSink(AuditSink.NOOP, registry);

    sink.result(report(ExecutionStatus.FAILED), "m-1");
    sink.result(report(ExecutionStatus.FAILED), "m-2");
    sink.result(report(ExecutionStatus.SUCCEEDED), "m-3");

    assertThat(
            registry
                .get(MeteredAuditSink.EXECUTIONS)
                .tags("runbook", "increase-memory-limit", "status", "failed")
                .counter()
                .count())
        .isEqualTo(2.0);
    assertThat(
            registry.get(MeteredAuditSink.EXECUTIONS).tags("status", "succeeded").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void countsNothingWhenTheResultCouldNotBeStored() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AuditSink failing =
        new AuditSink() {
          @Override
          public void result(ExecutionReport report, String messageId) {
            throw new RetriableException("NATS down");
          }

          @Override
          public void decision(ExecutionRequest request, Decision decision, String messageId) {}

          @Override
          public void step(ExecutionRequest request, StepReport step, String messageId) {}
        };

    assertThatThrownBy(
            () ->
                new MeteredAuditSink(failing, registry)
                    .result(report(ExecutionStatus.FAILED), "m-1"))
        .isInstanceOf(RetriableException.class);
    assertThat(registry.find(MeteredAuditSink.EXECUTIONS).counter()).isNull();
  }
}

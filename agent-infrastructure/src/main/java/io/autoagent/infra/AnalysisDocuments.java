package io.autoagent.infra;

import io.autoagent.core.messaging.Envelopes;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Diagnosis;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.analysis.WorkloadState;
import io.autoagent.tools.argocd.ArgoCdState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an {@link IncidentReport} into what the agent publishes about an alert: the {@link
 * AnalysisMessage} on {@code orchestrator_response} and the {@link DeploymentMessage} on {@code
 * deployments.<service>}. Reads only the report (the deployment's Argo CD state comes from the
 * evidence). Message ids derive from the alert id, so a redelivered alert never yields two results.
 * Thread-safe.
 */
public final class AnalysisDocuments {

  public static final String TYPE_ANALYSIS = "infrastructure_analysis";
  public static final String TYPE_DEPLOYMENT = "deployment_analysis";
  private static final String RULES = "rules";

  /**
   * The Argo CD application managing a workload, asked at runbook-request time (GitOps routing).
   */
  @FunctionalInterface
  public interface ArgoCdStates {
    ArgoCdStates NONE = (namespace, service) -> Optional.empty();

    Optional<ArgoCdState> state(String namespace, String service);
  }

  private final Envelopes envelopes;

  public AnalysisDocuments(Envelopes envelopes) {
    this.envelopes = envelopes;
  }

  public static String analysisId(String alertId) {
    return "analysis-" + alertId;
  }

  public static String deploymentId(String alertId) {
    return "deployment-" + alertId;
  }

  /** The analysis of an alert that was analysed (completed, partial, or failed as NOT_FOUND). */
  public AnalysisMessage analysis(IncidentReport report) {
    Alert alert = report.alert();
    Evidence evidence = report.evidence();
    Diagnosis diagnosis = report.diagnosis();
    WorkloadState resolved = evidence.workload();
    Map<String, String> sources = new LinkedHashMap<>();
    Map<String, String> details = new LinkedHashMap<>();
    for (SourceReport source : evidence.reports()) {
      sources.put(source.source(), source.wireStatus());
      if (source.detail() != null) {
        details.put(source.source(), source.detail());
      }
    }
    sources.put("llm", diagnosis.llmStatus());
    if (diagnosis.llmDetail() != null) {
      details.put("llm", diagnosis.llmDetail());
    }
    AnalysisMessage.Error error =
        diagnosis instanceof Diagnosis.NotFound notFound
            ? new AnalysisMessage.Error("NOT_FOUND", notFound.detail())
            : null;
    return new AnalysisMessage(
        envelopes.envelope(TYPE_ANALYSIS, analysisId(alert.alertId()), alert.correlationId()),
        alert.alertId(),
        alert.service(),
        alert.namespace(),
        report.status(),
        diagnosis.rootCause().orElse(null),
        resolved == null ? null : new AnalysisMessage.WorkloadRef(resolved.kind(), resolved.name()),
        evidence.findings(),
        evidence.changes(),
        report.plan().recommendations(),
        report.remediation(),
        sources,
        details.isEmpty() ? null : details,
        diagnosis.analyzer(),
        report.took().toMillis(),
        error);
  }

  /** A request that cannot be analysed: {@code rejected}, with the contract's error code. */
  public AnalysisMessage rejected(Rejection rejection, String correlationId, Duration took) {
    return unanswered(
        AnalysisStatus.REJECTED,
        rejection.alertId(),
        rejection.service(),
        rejection.namespace(),
        correlationId,
        rejection.code(),
        rejection.message(),
        took);
  }

  /** An alert the agent gave up on after its retries: {@code failed}. */
  public AnalysisMessage failed(Alert alert, String code, String message, Duration took) {
    return unanswered(
        AnalysisStatus.FAILED,
        alert.alertId(),
        alert.service(),
        alert.namespace(),
        alert.correlationId(),
        code,
        message,
        took);
  }

  private AnalysisMessage unanswered(
      AnalysisStatus status,
      String alertId,
      String service,
      String namespace,
      String correlationId,
      String code,
      String message,
      Duration took) {
    return new AnalysisMessage(
        envelopes.envelope(
            TYPE_ANALYSIS, analysisId(alertId), correlationId != null ? correlationId : alertId),
        alertId,
        service,
        namespace,
        status,
        null,
        null,
        null,
        null,
        null,
        null,
        Map.of(),
        null,
        RULES,
        took.toMillis(),
        new AnalysisMessage.Error(code, message));
  }

  /** The deployment's state for {@code deployments.<service>}. */
  public DeploymentMessage deployment(IncidentReport report) {
    Alert alert = report.alert();
    Evidence evidence = report.evidence();
    WorkloadState workload = evidence.workload();
    WorkloadState.Rollback rollback = workload == null ? null : workload.rollback();
    if (rollback == null) {
      rollback =
          new WorkloadState.Rollback(
              false, null, "no source could tell the workload's previous revision");
    }
    String category =
        report.diagnosis().rootCause().map(cause -> cause.category().name()).orElse(null);
    var envelope =
        envelopes.envelope(TYPE_DEPLOYMENT, deploymentId(alert.alertId()), alert.correlationId());
    if (workload == null) {
      return new DeploymentMessage(
          envelope,
          alert.alertId(),
          alert.service(),
          alert.namespace(),
          null,
          null,
          null,
          null,
          null,
          "unknown",
          evidence.sync(),
          evidence.changes(),
          rollback,
          category);
    }
    List<DeploymentMessage.Image> images =
        workload.images().entrySet().stream()
            .map(e -> new DeploymentMessage.Image(e.getKey(), e.getValue()))
            .toList();
    return new DeploymentMessage(
        envelope,
        alert.alertId(),
        alert.service(),
        alert.namespace(),
        workload.kind(),
        workload.name(),
        new DeploymentMessage.Replicas(
            workload.desired(), workload.ready(), workload.available(), workload.updated()),
        images,
        workload.revision(),
        workload.rolloutState() != null ? workload.rolloutState() : "unknown",
        evidence.sync(),
        evidence.changes(),
        rollback,
        category);
  }
}

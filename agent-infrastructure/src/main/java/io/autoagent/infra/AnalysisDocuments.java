package io.autoagent.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.analysis.WorkloadState;
import io.autoagent.tools.argocd.ArgoCdState;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds what the agent publishes about an alert: the {@code infrastructure_analysis} on {@code
 * orchestrator_response} and the {@code deployment_analysis} on {@code deployments.<service>}.
 * Message ids derive from the alert id, so a redelivered alert never yields two results.
 *
 * <p>The analysis's objects (findings, changes, recommendations) sit in the documents as they are,
 * as POJO nodes, and are serialized once, when the document is published or archived: a copy into
 * a tree first cost as much again. Read a document's fields from its published bytes.
 */
public final class AnalysisDocuments {

  public static final String TYPE_ANALYSIS = "infrastructure_analysis";
  public static final String TYPE_DEPLOYMENT = "deployment_analysis";

  /**
   * The analysis's {@code remediation} block.
   *
   * @param mode {@code none}, {@code dry_run}, {@code executed}, {@code gitops_pr} (a pull request
   *     opened, updated or queued), {@code awaiting_approval} or {@code denied}
   * @param executionId the execution, when one was started; may be null
   * @param detail what happened; may be null
   */
  public record Remediation(String mode, String executionId, String detail) {
    public static final Remediation NONE = new Remediation("none", null, null);
  }

  /** The Argo CD state last seen for a service. */
  @FunctionalInterface
  public interface ArgoCdStates {
    ArgoCdStates NONE = (namespace, service) -> Optional.empty();

    Optional<ArgoCdState> state(String namespace, String service);
  }

  private final ObjectMapper mapper;
  private final Envelopes envelopes;
  private final ArgoCdStates argocd;

  public AnalysisDocuments(ObjectMapper mapper, Envelopes envelopes, ArgoCdStates argocd) {
    this.mapper = mapper;
    this.envelopes = envelopes;
    this.argocd = argocd;
  }

  public static String analysisId(String alertId) {
    return "analysis-" + alertId;
  }

  public static String deploymentId(String alertId) {
    return "deployment-" + alertId;
  }

  /** The analysis of an alert that was analysed (completed, partial, or failed as NOT_FOUND). */
  public ObjectNode analysis(Alert alert, AnalysisResult result) {
    return analysis(alert, result, Remediation.NONE);
  }

  /** The analysis, with what the remediation did. */
  public ObjectNode analysis(Alert alert, AnalysisResult result, Remediation remediation) {
    ObjectNode doc = envelopes.create(TYPE_ANALYSIS, analysisId(alert.alertId()), alert.correlationId());
    doc.put("alert_id", alert.alertId());
    doc.put("service", alert.service());
    doc.put("namespace", alert.namespace());
    doc.put("status", result.status());
    if (result.rootCause() != null) {
      doc.putPOJO("root_cause", result.rootCause());
    }
    Evidence evidence = result.evidence();
    WorkloadState resolved = evidence.workload();
    if (resolved != null) {
      doc.putObject("workload").put("kind", resolved.kind()).put("name", resolved.name());
    }
    doc.putPOJO("findings", evidence.findings());
    doc.putPOJO("changes", evidence.changes());
    doc.putPOJO("recommendations", result.recommendations());
    doc.putPOJO("remediation", remediation);
    ObjectNode sources = doc.putObject("sources");
    for (SourceReport report : evidence.reports()) {
      sources.put(report.source(), report.wireStatus());
    }
    sources.put("llm", result.llmStatus());
    ObjectNode details = mapper.createObjectNode();
    for (SourceReport report : evidence.reports()) {
      if (report.detail() != null) {
        details.put(report.source(), report.detail());
      }
    }
    if (result.llmDetail() != null) {
      details.put("llm", result.llmDetail());
    }
    if (!details.isEmpty()) {
      doc.set("source_details", details);
    }
    doc.put("analyzer", result.analyzer());
    doc.put("duration_ms", result.took().toMillis());
    if (result.errorCode() != null) {
      error(doc, result.errorCode(), result.errorMessage());
    }
    return doc;
  }

  /** A request that cannot be analysed: {@code rejected}, with the contract's error code. */
  public ObjectNode rejected(Rejection rejection, String correlationId, Duration took) {
    return unanswered("rejected", rejection.alertId(), rejection.service(), rejection.namespace(),
        correlationId, rejection.code(), rejection.message(), took);
  }

  /** An alert the agent gave up on after its retries: {@code failed}. */
  public ObjectNode failed(Alert alert, String code, String message, Duration took) {
    return unanswered("failed", alert.alertId(), alert.service(), alert.namespace(),
        alert.correlationId(), code, message, took);
  }

  private ObjectNode unanswered(String status, String alertId, String service, String namespace,
      String correlationId, String code, String message, Duration took) {
    ObjectNode doc = envelopes.create(TYPE_ANALYSIS, analysisId(alertId), correlationId != null ? correlationId : alertId);
    doc.put("alert_id", alertId);
    if (service != null) {
      doc.put("service", service);
    }
    if (namespace != null) {
      doc.put("namespace", namespace);
    }
    doc.put("status", status);
    doc.putObject("sources");
    doc.put("analyzer", "rules");
    doc.put("duration_ms", took.toMillis());
    error(doc, code, message);
    return doc;
  }

  /** The deployment's state for {@code deployments.<service>}. */
  public ObjectNode deployment(Alert alert, AnalysisResult result) {
    ObjectNode doc = envelopes.create(TYPE_DEPLOYMENT, deploymentId(alert.alertId()), alert.correlationId());
    doc.put("alert_id", alert.alertId());
    doc.put("service", alert.service());
    doc.put("namespace", alert.namespace());
    WorkloadState workload = result.evidence().workload();
    if (workload != null) {
      doc.put("kind", workload.kind());
      doc.put("name", workload.name());
      ObjectNode replicas = doc.putObject("replicas");
      replicas.put("desired", workload.desired());
      replicas.put("ready", workload.ready());
      replicas.put("available", workload.available());
      replicas.put("updated", workload.updated());
      // contract 1.1 (deployment-analysis.schema.json): images is an array
      var images = doc.putArray("images");
      workload.images().forEach((container, image) -> images.addObject().put("container", container).put("image", image));
      if (workload.revision() != null) {
        doc.put("revision", workload.revision());
      }
      doc.put("rollout_state", workload.rolloutState() != null ? workload.rolloutState() : "unknown");
    } else {
      doc.put("rollout_state", "unknown");
    }
    argocd.state(alert.namespace(), alert.service()).ifPresent(state -> doc.putPOJO("argocd", state));
    doc.putPOJO("changes", result.evidence().changes());
    WorkloadState.Rollback rollback = workload == null ? null : workload.rollback();
    if (rollback == null) {
      rollback = new WorkloadState.Rollback(false, null, "no source could tell the workload's previous revision");
    }
    doc.putPOJO("rollback", rollback);
    if (result.rootCause() != null) {
      doc.put("root_cause_category", result.rootCause().category().name());
    }
    return doc;
  }

  private static void error(ObjectNode doc, String code, String message) {
    ObjectNode error = doc.putObject("error");
    error.put("code", code);
    error.put("message", message);
  }
}

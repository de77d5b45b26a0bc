package io.autoagent.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.RetriableException;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.messaging.Outcome;
import io.autoagent.core.messaging.Publisher;
import io.autoagent.core.messaging.Request;
import io.autoagent.core.messaging.RequestHandler;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Recommendation;
import io.autoagent.tools.analysis.WorkloadState;
import io.autoagent.tools.escalation.IncidentHook;
import io.autoagent.tools.gitops.GitOpsChange;
import io.autoagent.tools.remediation.GitOpsPort;
import io.autoagent.tools.remediation.RemediationEngine;
import io.autoagent.tools.remediation.RemediationOutcome;
import io.autoagent.tools.remediation.policy.PolicySource;
import io.autoagent.tools.remediation.policy.RemediationPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Handles {@code infrastructure_agent}: every alert gets an analysis on {@code
 * orchestrator_response} and its deployment's state on {@code deployments.<service>}; a request
 * that cannot be analysed gets a {@code rejected} analysis and is terminated.
 */
public final class AlertHandler implements RequestHandler {

  private static final Logger log = LoggerFactory.getLogger(AlertHandler.class);

  private final ObjectMapper mapper;
  private final AlertDecoder decoder;
  private final AnalysisService analysis;
  private final AnalysisDocuments documents;
  private final Publisher publisher;
  private final RemediationEngine engine;
  private final IncidentHook incidents;
  private final GitOpsRouter gitops;
  private final PolicySource policies;

  /**
   * @param engine runs the best automatable runbook for alerts with {@code mode: remediate}, under
   *     policy, live or as a pull request; null when no cluster can be changed
   * @param gitops without an engine, proposes the runbook as a pull request when {@code
   *     REMEDIATION_MODE=gitops}
   * @param policies the AutoRemediationPolicies whose {@code escalation} (Slack channel) applies to
   *     a workload; {@link PolicySource#NONE} without a cluster
   */
  AlertHandler(
      ObjectMapper mapper,
      AlertDecoder decoder,
      AnalysisService analysis,
      AnalysisDocuments documents,
      Publisher publisher,
      RemediationEngine engine,
      IncidentHook incidents,
      GitOpsRouter gitops,
      PolicySource policies) {
    this.engine = engine;
    this.gitops = gitops;
    this.policies = policies;
    this.incidents = incidents;
    this.mapper = mapper;
    this.decoder = decoder;
    this.analysis = analysis;
    this.documents = documents;
    this.publisher = publisher;
  }

  @Override
  public Outcome handle(Request request) {
    AlertDecoder.Decoded decoded = decoder.decode(request.data(), requestId(request));
    process(decoded, requestId(request));
    return decoded.alerts().isEmpty() && !decoded.rejections().isEmpty()
        ? Outcome.rejected()
        : Outcome.done();
  }

  /**
   * Analyses (or rejects) everything in one request, publishes the results, and returns the
   * analyses in request order; used by the queue consumer and the request/reply endpoint alike.
   */
  public List<ObjectNode> process(byte[] data, String requestId) {
    return process(decoder.decode(data, requestId), requestId);
  }

  private List<ObjectNode> process(AlertDecoder.Decoded decoded, String requestId) {
    long start = System.nanoTime();
    List<ObjectNode> answers = new ArrayList<>();
    for (Rejection rejection : decoded.rejections()) {
      log.warn("Rejected {} ({}): {}", rejection.alertId(), rejection.code(), rejection.message());
      answers.add(publish(Contract.SUBJECT_RESPONSE, documents.rejected(rejection, null, since(start))));
    }
    for (Alert alert : decoded.alerts()) {
      MDC.put("correlation_id", alert.correlationId());
      try {
        AnalysisResult result = analysis.analyze(alert);
        Map<String, Object> escalation = escalationPolicy(alert, result);
        AnalysisDocuments.Remediation remediation = remediate(alert, result, escalation);
        ObjectNode published = publish(Contract.SUBJECT_RESPONSE, documents.analysis(alert, result, remediation));
        answers.add(published);
        publish(Contract.SUBJECT_DEPLOYMENTS_PREFIX + alert.service(), documents.deployment(alert, result));
        if (result.rootCause() != null) {
          // Side effects subscribe: archive and escalation queued durably, done by their own workers.
          incidents.analysed(result.evidence(), result.rootCause(), published, escalation);
        }
        log.info(
            "Analysed {} {}/{}: {} {} in {} ms",
            alert.alertId(),
            alert.namespace(),
            alert.service(),
            result.status(),
            result.rootCause() == null ? result.errorCode() : result.rootCause().category(),
            result.took().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RetriableException("interrupted while analysing " + alert.alertId(), e);
      } finally {
        MDC.remove("correlation_id");
      }
    }
    if (decoded.alerts().isEmpty() && decoded.rejections().isEmpty()) {
      log.info("Nothing to analyse in {}: no firing alerts", requestId);
    }
    return answers;
  }

  /**
   * The {@code escalation} map (Slack channel) of the AutoRemediationPolicy that matches the
   * alerted workload's labels, as the Kubernetes source read them; empty when none matches.
   */
  private Map<String, Object> escalationPolicy(Alert alert, AnalysisResult result) {
    WorkloadState workload = result.evidence().workload();
    Map<String, String> labels = workload == null ? Map.of() : workload.labels();
    return policies.matching(alert.namespace(), labels).map(RemediationPolicy::escalation).orElse(Map.of());
  }

  /**
   * For {@code mode: remediate}: the best automatable recommendation, executed under policy (a dry
   * run unless a live policy allows it, a pull request where GitOps carries the change). The
   * analysis waits for it, so it says what happened.
   */
  private AnalysisDocuments.Remediation remediate(Alert alert, AnalysisResult result, Map<String, Object> escalation) {
    if (alert.mode() != Alert.Mode.REMEDIATE) {
      return AnalysisDocuments.Remediation.NONE;
    }
    Recommendation best = result.recommendations().stream().filter(Recommendation::automatable).findFirst().orElse(null);
    if (best == null || result.rootCause() == null) {
      return new AnalysisDocuments.Remediation("none", null, result.rootCause() == null
          ? "the analysis found no root cause to remediate"
          : "no automatable runbook fits: " + (result.recommendations().isEmpty()
              ? "nothing was recommended" : result.recommendations().getFirst().reason()));
    }
    GitOpsPort.Incident incident = new GitOpsPort.Incident(
        GitOpsChange.incidentKey(alert.namespace(), alert.service(), result.rootCause().category().name()),
        result.rootCause().summary());
    RemediationOutcome outcome;
    try {
      if (engine != null) {
        outcome = engine.remediate(alert, best, incident);
      } else if (gitops.globalMode()) {
        outcome = gitops.proposeWithoutCluster(alert, best, incident);
      } else {
        return new AnalysisDocuments.Remediation("none", null, "remediation needs a Kubernetes cluster; none is configured");
      }
    } catch (RetriableException e) {
      throw e; // redelivered: the execution id makes the retry resume, not repeat
    } catch (RuntimeException e) {
      // The analysis stands on its own: say why nothing ran instead of losing it.
      log.error("Remediation of {} with {} could not run", alert.alertId(), best.runbookId(), e);
      return new AnalysisDocuments.Remediation("none", null,
          "remediation with " + best.runbookId() + " could not run: " + e.getMessage());
    }
    log.info("Remediation of {} with {}: {} ({})", alert.alertId(), best.runbookId(), outcome.mode().wire(), outcome.detail());
    if (outcome.status() != null) {
      incidents.remediated(alert, result.rootCause().category().name(), best.runbookId(), outcome.status(),
          outcome.detail(), outcome.link() == null ? List.of() : List.of(outcome.link()), escalation);
    }
    return new AnalysisDocuments.Remediation(outcome.mode().wire(),
        outcome.mode() == RemediationOutcome.Mode.NONE ? null : outcome.executionId(), outcome.detail());
  }

  @Override
  public void onGiveUp(Request request, String reason) {
    AlertDecoder.Decoded decoded = decoder.decode(request.data(), requestId(request));
    for (Alert alert : decoded.alerts()) {
      // An alert already answered keeps its answer: this one has the same message id and is dropped.
      publish(Contract.SUBJECT_RESPONSE, documents.failed(alert, "INTERNAL", reason, Duration.ZERO));
    }
  }

  @Override
  public String correlationIdOf(Request request) {
    AlertDecoder.Decoded decoded = decoder.decode(request.data(), requestId(request));
    return decoded.alerts().isEmpty() ? null : decoded.alerts().getFirst().correlationId();
  }

  private ObjectNode publish(String subject, ObjectNode doc) {
    publisher.publish(subject, doc.get("message_id").asText(), Json.bytes(mapper, doc));
    return doc;
  }

  private static String requestId(Request request) {
    return request.messageId() != null ? request.messageId() : request.fallbackId();
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}

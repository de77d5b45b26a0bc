package io.autoagent.infra;

import io.autoagent.core.RetriableException;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.messaging.DocumentPublisher;
import io.autoagent.core.messaging.Outcome;
import io.autoagent.core.messaging.Request;
import io.autoagent.core.messaging.RequestHandler;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.Plan;
import io.autoagent.tools.analysis.Recommendation;
import io.autoagent.tools.analysis.RootCause;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Handles {@code infrastructure_agent}: every alert gets an analysis on {@code
 * orchestrator_response} and its deployment's state on {@code deployments.<service>}; a request
 * that cannot be analysed gets a {@code rejected} analysis and is terminated.
 *
 * <p>Reads top to bottom, each step using only what the steps before it produced: decode the body
 * (once per delivery) -> analyse ({@code Evidence -> Diagnosis -> Plan}, {@link AnalysisService})
 * -> carry out the plan's remediation decision -> {@link IncidentReport} -> documents -> publish.
 * Each alert's id, namespace and workload are in the MDC while it is handled, and the analysis's
 * executor carries them into every evidence source's thread.
 */
public final class AlertHandler implements RequestHandler {

  private static final Logger log = LoggerFactory.getLogger(AlertHandler.class);

  /** MDC keys set while an alert is handled (and carried into the evidence sources' threads). */
  static final String MDC_ALERT_ID = "alert_id";

  static final String MDC_NAMESPACE = "namespace";
  static final String MDC_WORKLOAD = "workload";
  static final String MDC_CORRELATION_ID = "correlation_id";

  private final AlertDecoder decoder;
  private final AnalysisService analysis;
  private final AnalysisDocuments documents;
  private final DocumentPublisher publisher;
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
      AlertDecoder decoder,
      AnalysisService analysis,
      AnalysisDocuments documents,
      DocumentPublisher publisher,
      RemediationEngine engine,
      IncidentHook incidents,
      GitOpsRouter gitops,
      PolicySource policies) {
    this.engine = engine;
    this.gitops = gitops;
    this.policies = policies;
    this.incidents = incidents;
    this.decoder = decoder;
    this.analysis = analysis;
    this.documents = documents;
    this.publisher = publisher;
  }

  @Override
  public Outcome handle(Request request) {
    return open(request).handle();
  }

  /** Decodes the body once; the delivery's handling and any give-up both use that one decoding. */
  @Override
  public Delivery open(Request request) {
    String requestId = requestId(request);
    AlertDecoder.Decoded decoded = decoder.decode(request.data(), requestId);
    return new Delivery() {
      @Override
      public Outcome handle() {
        List<CompletionStage<?>> handedOff = new ArrayList<>(1);
        process(decoded, requestId, handedOff);
        if (decoded.alerts().isEmpty() && !decoded.rejections().isEmpty()) {
          return Outcome.rejected();
        }
        // acknowledged once what the incident hook handed off (a new archive) is stored durably
        return switch (handedOff.size()) {
          case 0 -> Outcome.done();
          case 1 -> Outcome.doneWhen(handedOff.getFirst());
          default ->
              Outcome.doneWhen(
                  CompletableFuture.allOf(
                      handedOff.stream()
                          .map(CompletionStage::toCompletableFuture)
                          .toArray(CompletableFuture[]::new)));
        };
      }

      @Override
      public void onGiveUp(String reason) {
        giveUp(decoded, reason);
      }

      @Override
      public String correlationId() {
        return decoded.alerts().isEmpty() ? null : decoded.alerts().getFirst().correlationId();
      }
    };
  }

  /**
   * Analyses (or rejects) everything in one request, publishes the results, and returns the
   * analyses in request order once their side effects are handed off durably; used by the
   * request/reply endpoint.
   */
  public List<AnalysisMessage> process(byte[] data, String requestId) {
    List<CompletionStage<?>> handedOff = new ArrayList<>(1);
    List<AnalysisMessage> answers = process(decoder.decode(data, requestId), requestId, handedOff);
    for (CompletionStage<?> stage : handedOff) {
      try {
        stage.toCompletableFuture().join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
    }
    return answers;
  }

  /**
   * @param handedOff gets what each alert's incident hook handed off in the background and has not
   *     finished yet
   */
  private List<AnalysisMessage> process(
      AlertDecoder.Decoded decoded, String requestId, List<CompletionStage<?>> handedOff) {
    long start = System.nanoTime();
    List<AnalysisMessage> answers = new ArrayList<>();
    for (Rejection rejection : decoded.rejections()) {
      log.warn("Rejected {} ({}): {}", rejection.alertId(), rejection.code(), rejection.message());
      answers.add(
          publish(Contract.SUBJECT_RESPONSE, documents.rejected(rejection, null, since(start))));
    }
    for (Alert alert : decoded.alerts()) {
      putMdc(alert);
      try {
        answers.add(handle(alert, handedOff));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RetriableException("interrupted while analysing " + alert.alertId(), e);
      } finally {
        clearMdc();
      }
    }
    if (decoded.alerts().isEmpty() && decoded.rejections().isEmpty()) {
      log.info("Nothing to analyse in {}: no firing alerts", requestId);
    }
    return answers;
  }

  /** One alert, top to bottom: analyse, remediate as planned, publish. */
  private AnalysisMessage handle(Alert alert, List<CompletionStage<?>> handedOff)
      throws InterruptedException {
    IncidentReport analysed = analysis.analyze(alert);
    Map<String, Object> escalation = escalationPolicy(alert, analysed.evidence());
    IncidentReport report = analysed.withRemediation(remediate(alert, analysed.plan(), escalation));
    AnalysisMessage published = publish(Contract.SUBJECT_RESPONSE, documents.analysis(report));
    publish(Contract.SUBJECT_DEPLOYMENTS_PREFIX + alert.service(), documents.deployment(report));
    RootCause cause = report.diagnosis().rootCause().orElse(null);
    if (cause != null) {
      // Side effects subscribe: archive and escalation queued durably, done by their own workers;
      // a new archive is built and queued in the background, and the alert acknowledged after it.
      CompletionStage<?> pending =
          incidents.analysed(
              report.evidence(),
              cause,
              () -> publisher.mapper().valueToTree(published),
              escalation);
      if (!pending.toCompletableFuture().isDone()
          || pending.toCompletableFuture().isCompletedExceptionally()) {
        handedOff.add(pending);
      }
    }
    log.info(
        "Analysed {} {}/{}: {} {} in {} ms",
        alert.alertId(),
        alert.namespace(),
        alert.service(),
        report.status().wire(),
        cause == null ? "NOT_FOUND" : cause.category(),
        report.took().toMillis());
    return published;
  }

  /**
   * The {@code escalation} map (Slack channel) of the AutoRemediationPolicy that matches the
   * alerted workload's labels, as the Kubernetes source read them; empty when none matches.
   */
  private Map<String, Object> escalationPolicy(Alert alert, Evidence evidence) {
    WorkloadState workload = evidence.workload();
    Map<String, String> labels = workload == null ? Map.of() : workload.labels();
    return policies
        .matching(alert.namespace(), labels)
        .map(RemediationPolicy::escalation)
        .orElse(Map.of());
  }

  /**
   * Carries out the plan's remediation decision: for {@code mode: remediate}, the best automatable
   * recommendation, executed under policy (a dry run unless a live policy allows it, a pull request
   * where GitOps carries the change). The analysis waits for it, so it says what happened.
   */
  private IncidentReport.Remediation remediate(
      Alert alert, Plan plan, Map<String, Object> escalation) {
    return switch (plan.decision()) {
      case Plan.Decision.AnalyzeOnly analyzeOnly -> IncidentReport.Remediation.NONE;
      case Plan.Decision.Skip skip -> IncidentReport.Remediation.none(skip.reason());
      case Plan.Decision.Run run -> run(alert, run.runbook(), run.cause(), escalation);
    };
  }

  private IncidentReport.Remediation run(
      Alert alert, Recommendation best, RootCause cause, Map<String, Object> escalation) {
    GitOpsPort.Incident incident =
        new GitOpsPort.Incident(
            GitOpsChange.incidentKey(alert.namespace(), alert.service(), cause.category().name()),
            cause.summary());
    RemediationOutcome outcome;
    try {
      if (engine != null) {
        outcome = engine.remediate(alert, best, incident);
      } else if (gitops.globalMode()) {
        outcome = gitops.proposeWithoutCluster(alert, best, incident);
      } else {
        return IncidentReport.Remediation.none(
            "remediation needs a Kubernetes cluster; none is configured");
      }
    } catch (RetriableException e) {
      throw e; // redelivered: the execution id makes the retry resume, not repeat
    } catch (RuntimeException e) {
      // The analysis stands on its own: say why nothing ran instead of losing it.
      log.error("Remediation of {} with {} could not run", alert.alertId(), best.runbookId(), e);
      return IncidentReport.Remediation.none(
          "remediation with " + best.runbookId() + " could not run: " + e.getMessage());
    }
    log.info(
        "Remediation of {} with {}: {} ({})",
        alert.alertId(),
        best.runbookId(),
        outcome.mode().wire(),
        outcome.detail());
    if (outcome.status() != null) {
      incidents.remediated(
          alert,
          cause.category().name(),
          best.runbookId(),
          outcome.status(),
          outcome.detail(),
          outcome.link() == null ? List.of() : List.of(outcome.link()),
          escalation);
    }
    return new IncidentReport.Remediation(
        outcome.mode().wire(),
        outcome.mode() == RemediationOutcome.Mode.NONE ? null : outcome.executionId(),
        outcome.detail());
  }

  @Override
  public void onGiveUp(Request request, String reason) {
    open(request).onGiveUp(reason);
  }

  private void giveUp(AlertDecoder.Decoded decoded, String reason) {
    for (Alert alert : decoded.alerts()) {
      // An alert already answered keeps its answer: this one has the same message id and is
      // dropped.
      publish(
          Contract.SUBJECT_RESPONSE, documents.failed(alert, "INTERNAL", reason, Duration.ZERO));
    }
  }

  @Override
  public String correlationIdOf(Request request) {
    return open(request).correlationId();
  }

  private <D extends io.autoagent.core.messaging.WireMessage> D publish(
      String subject, D document) {
    publisher.publish(subject, document);
    return document;
  }

  private static void putMdc(Alert alert) {
    MDC.put(MDC_ALERT_ID, alert.alertId());
    MDC.put(MDC_NAMESPACE, alert.namespace());
    MDC.put(MDC_WORKLOAD, alert.service());
    if (alert.correlationId() != null) {
      MDC.put(MDC_CORRELATION_ID, alert.correlationId());
    }
  }

  private static void clearMdc() {
    MDC.remove(MDC_ALERT_ID);
    MDC.remove(MDC_NAMESPACE);
    MDC.remove(MDC_WORKLOAD);
    MDC.remove(MDC_CORRELATION_ID);
  }

  private static String requestId(Request request) {
    return request.messageId() != null ? request.messageId() : request.fallbackId();
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  public AlertHandler(
      ObjectMapper mapper,
      AlertDecoder decoder,
      AnalysisService analysis,
      AnalysisDocuments documents,
      Publisher publisher) {
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
        answers.add(publish(Contract.SUBJECT_RESPONSE, documents.analysis(alert, result)));
        publish(Contract.SUBJECT_DEPLOYMENTS_PREFIX + alert.service(), documents.deployment(alert, result));
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

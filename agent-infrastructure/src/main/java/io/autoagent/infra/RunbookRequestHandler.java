package io.autoagent.infra;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.messaging.DocumentPublisher;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.messaging.Outcome;
import io.autoagent.core.messaging.Publisher;
import io.autoagent.core.messaging.Request;
import io.autoagent.core.messaging.RequestHandler;
import io.autoagent.tools.remediation.ExecutionError;
import io.autoagent.tools.remediation.ExecutionReport;
import io.autoagent.tools.remediation.ExecutionRequest;
import io.autoagent.tools.remediation.ExecutionStatus;
import io.autoagent.tools.remediation.RemediationEngine;
import io.autoagent.tools.remediation.Trust;
import io.autoagent.tools.remediation.signature.SignatureVerdict;
import io.autoagent.tools.remediation.signature.SignedRequest;
import io.autoagent.tools.remediation.signature.WebhookSignatures;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles {@code runbook.execute.infrastructure}: checks size, JSON and the request schema
 * (answering {@code rejected} with the contract's codes), then the Standard Webhooks signature
 * ({@code SIGNATURE_INVALID}, {@code REPLAYED}), then hands the request to the {@link
 * RemediationEngine}, which answers on {@code runbook.execution.infrastructure}. A live request
 * whose change GitOps carries (see {@link GitOpsRouter}) is answered {@code proposed} with the pull
 * request it opened ({@code pull_request}), not run live.
 *
 * <p>Built without an engine (the five-argument constructor) it executes nothing: every valid
 * request is answered {@code rejected} with {@code UNAVAILABLE}, saying that nothing was changed.
 */
public final class RunbookRequestHandler implements RequestHandler {

  private static final Logger log = LoggerFactory.getLogger(RunbookRequestHandler.class);
  public static final String TYPE_RESULT = "runbook_execution_result";

  private final ObjectMapper mapper;
  private final ContractSchemas schemas;
  private final Envelopes envelopes;
  private final DocumentPublisher documents;
  private final int maxPayloadBytes;
  private final RemediationEngine engine;
  private final WebhookSignatures signatures;

  /** A handler that executes nothing (no engine configured). */
  public RunbookRequestHandler(
      ObjectMapper mapper,
      ContractSchemas schemas,
      Envelopes envelopes,
      Publisher publisher,
      int maxPayloadBytes) {
    this(mapper, schemas, envelopes, publisher, maxPayloadBytes, null, null);
  }

  /**
   * @param engine executes admitted requests; null executes nothing
   * @param signatures checks webhook-* headers (built from {@code SECRET_KEY} and {@code
   *     SIGNATURE_MAX_SKEW_S})
   */
  public RunbookRequestHandler(
      ObjectMapper mapper,
      ContractSchemas schemas,
      Envelopes envelopes,
      Publisher publisher,
      int maxPayloadBytes,
      RemediationEngine engine,
      WebhookSignatures signatures) {
    this.mapper = mapper;
    this.schemas = schemas;
    this.envelopes = envelopes;
    this.documents = new DocumentPublisher(mapper, publisher);
    this.maxPayloadBytes = maxPayloadBytes;
    this.engine = engine;
    this.signatures = signatures;
  }

  @Override
  public Outcome handle(Request request) {
    return handle(
        new SignedRequest(request.headers(), request.data()),
        requestId(request),
        deliveryKey(request));
  }

  /**
   * Handles one request body with its headers.
   *
   * @param requestId the sender's message id or the stream position, for rejections without an id
   * @param deliveryKey stable across redeliveries of the message ({@code stream:seq})
   */
  public Outcome handle(SignedRequest signed, String requestId, String deliveryKey) {
    byte[] data = signed.body();
    if (data.length > maxPayloadBytes) {
      reject(
          null,
          requestId,
          "PAYLOAD_TOO_LARGE",
          "payload is " + data.length + " bytes; MAX_PAYLOAD_BYTES is " + maxPayloadBytes);
      return Outcome.rejected();
    }
    JsonNode body;
    try {
      body = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(data);
    } catch (JacksonException e) {
      reject(null, requestId, "INVALID_JSON", "body is not valid JSON: " + e.getOriginalMessage());
      return Outcome.rejected();
    } catch (IOException e) {
      reject(null, requestId, "INVALID_JSON", "body cannot be read: " + e.getMessage());
      return Outcome.rejected();
    }
    if (body == null || !body.isObject()) {
      reject(null, requestId, "UNSUPPORTED_TYPE", "expected a runbook execution request object");
      return Outcome.rejected();
    }
    List<String> problems = schemas.validate(ContractSchemas.RUNBOOK_REQUEST, body);
    String executionId =
        body.path("execution_id").isTextual() ? body.get("execution_id").asText() : requestId;
    if (!problems.isEmpty()) {
      reject(
          (ObjectNode) body,
          executionId,
          "SCHEMA_VIOLATION",
          "request does not match runbook-execution-request.schema.json: "
              + String.join("; ", problems));
      return Outcome.rejected();
    }
    if (engine == null) {
      reject(
          (ObjectNode) body,
          executionId,
          ExecutionError.UNAVAILABLE,
          "runbooks run against a Kubernetes cluster and none is configured (KUBECONFIG, ~/.kube/config or a pod service account); nothing was changed");
      return Outcome.rejected();
    }
    ExecutionRequest req = ExecutionRequest.fromJson(mapper, body);
    SignatureVerdict verdict = verify(signed, req, deliveryKey);
    if (verdict.refused()) {
      String code =
          verdict.kind() == SignatureVerdict.Kind.REPLAYED
              ? ExecutionError.REPLAYED
              : ExecutionError.SIGNATURE_INVALID;
      engine.refuse(req, Trust.UNSIGNED, deliveryKey, new ExecutionError(code, verdict.reason()));
      return Outcome.rejected();
    }
    Trust trust = verdict.kind() == SignatureVerdict.Kind.SIGNED ? Trust.SIGNED : Trust.UNSIGNED;
    ExecutionReport report = engine.submit(req, trust, deliveryKey);
    return report.status() == ExecutionStatus.REJECTED ? Outcome.rejected() : Outcome.done();
  }

  /**
   * Contract 1.1: an approval is signed with {@code webhook-id} {@code <execution_id>:approval}; a
   * 1.0 client's approval signed with the plain execution id is still accepted (its HMAC covers the
   * body, approval included, so the original request's signature cannot be reused for it).
   */
  private SignatureVerdict verify(SignedRequest signed, ExecutionRequest req, String deliveryKey) {
    if (!req.approved()) {
      return signatures.verify(signed, req.executionId(), "request", deliveryKey);
    }
    String approvalId = req.executionId() + ":approval";
    String expected =
        signed.webhookId() != null && signed.webhookId().equals(req.executionId())
            ? req.executionId()
            : approvalId;
    return signatures.verify(signed, expected, "approval", deliveryKey);
  }

  @Override
  public void onGiveUp(Request request, String reason) {
    String requestId = requestId(request);
    JsonNode body = parseQuietly(request.data());
    if (engine != null
        && body != null
        && schemas.validate(ContractSchemas.RUNBOOK_REQUEST, body).isEmpty()) {
      engine.giveUp(ExecutionRequest.fromJson(mapper, body), reason);
      return;
    }
    reject(null, requestId, "INTERNAL", reason);
  }

  @Override
  public String correlationIdOf(Request request) {
    JsonNode body = parseQuietly(request.data());
    return body != null && body.path("correlation_id").isTextual()
        ? body.get("correlation_id").asText()
        : null;
  }

  private JsonNode parseQuietly(byte[] data) {
    try {
      JsonNode n = mapper.readTree(data);
      return n != null && n.isObject() ? n : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String requestId(Request request) {
    return request.messageId() != null ? request.messageId() : request.fallbackId();
  }

  private static String deliveryKey(Request request) {
    return request.stream() + ":" + request.streamSequence();
  }

  private void reject(ObjectNode request, String executionId, String code, String message) {
    String correlationId =
        request != null && request.path("correlation_id").isTextual()
            ? request.get("correlation_id").asText()
            : executionId;
    String messageId = "execution-" + executionId + "-rejected";
    log.warn("Runbook request {} rejected ({}): {}", executionId, code, message);
    documents.publish(
        Contract.SUBJECT_RUNBOOK_RESULT,
        RunbookRequestRejected.of(
            envelopes.envelope(TYPE_RESULT, messageId, correlationId),
            request,
            executionId,
            code,
            message));
  }
}

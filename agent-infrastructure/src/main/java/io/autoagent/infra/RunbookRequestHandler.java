package io.autoagent.infra;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.messaging.Outcome;
import io.autoagent.core.messaging.Publisher;
import io.autoagent.core.messaging.Request;
import io.autoagent.core.messaging.RequestHandler;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles {@code runbook.execute.infrastructure}. This version has no execution engine yet: every
 * request is answered {@code rejected} on {@code runbook.execution.infrastructure}, saying so and
 * that nothing was changed; malformed requests are rejected with the contract's error codes.
 */
public final class RunbookRequestHandler implements RequestHandler {

  private static final Logger log = LoggerFactory.getLogger(RunbookRequestHandler.class);
  public static final String TYPE_RESULT = "runbook_execution_result";

  private final ObjectMapper mapper;
  private final ContractSchemas schemas;
  private final Envelopes envelopes;
  private final Publisher publisher;
  private final int maxPayloadBytes;

  public RunbookRequestHandler(
      ObjectMapper mapper, ContractSchemas schemas, Envelopes envelopes, Publisher publisher, int maxPayloadBytes) {
    this.mapper = mapper;
    this.schemas = schemas;
    this.envelopes = envelopes;
    this.publisher = publisher;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  @Override
  public Outcome handle(Request request) {
    String requestId = request.messageId() != null ? request.messageId() : request.fallbackId();
    if (request.data().length > maxPayloadBytes) {
      reject(null, requestId, "PAYLOAD_TOO_LARGE",
          "payload is " + request.data().length + " bytes; MAX_PAYLOAD_BYTES is " + maxPayloadBytes);
      return Outcome.rejected();
    }
    JsonNode body;
    try {
      body = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(request.data());
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
    String executionId = body.path("execution_id").isTextual() ? body.get("execution_id").asText() : requestId;
    if (!problems.isEmpty()) {
      reject((ObjectNode) body, executionId, "SCHEMA_VIOLATION",
          "request does not match runbook-execution-request.schema.json: " + String.join("; ", problems));
      return Outcome.rejected();
    }
    reject((ObjectNode) body, executionId, "POLICY_DENIED",
        "this agent version does not execute runbooks yet; nothing was changed");
    return Outcome.rejected();
  }

  @Override
  public void onGiveUp(Request request, String reason) {
    String requestId = request.messageId() != null ? request.messageId() : request.fallbackId();
    reject(null, requestId, "INTERNAL", reason);
  }

  private void reject(ObjectNode request, String executionId, String code, String message) {
    String correlationId = request != null && request.path("correlation_id").isTextual()
        ? request.get("correlation_id").asText() : executionId;
    String messageId = "execution-" + executionId + "-rejected";
    ObjectNode doc = envelopes.create(TYPE_RESULT, messageId, correlationId);
    doc.put("execution_id", executionId);
    if (request != null && request.path("runbook_id").isTextual()) {
      doc.put("runbook_id", request.get("runbook_id").asText());
    }
    doc.put("status", "rejected");
    doc.put("dry_run", request == null || request.path("dry_run").asBoolean(true));
    if (request != null && request.path("target").isObject()) {
      doc.set("target", request.get("target"));
    }
    doc.putArray("steps");
    ObjectNode error = doc.putObject("error");
    error.put("code", code);
    error.put("message", message);
    log.warn("Runbook request {} rejected ({}): {}", executionId, code, message);
    publisher.publish(Contract.SUBJECT_RUNBOOK_RESULT, messageId, Json.bytes(mapper, doc));
  }
}

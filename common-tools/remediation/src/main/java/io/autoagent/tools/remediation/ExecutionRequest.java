package io.autoagent.tools.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A runbook execution request ({@code runbook-execution-request.schema.json}), already validated
 * against the schema by the caller.
 *
 * @param dryRun true unless the request says {@code "dry_run": false}
 * @param approval present when a person approves an execution that awaits approval
 */
public record ExecutionRequest(
    String executionId,
    String correlationId,
    String runbookId,
    Target target,
    Map<String, Object> parameters,
    boolean dryRun,
    String requestedBy,
    Instant issuedAt,
    Approval approval) {

  public ExecutionRequest {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(runbookId, "runbookId");
    Objects.requireNonNull(target, "target");
    parameters =
        parameters == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    correlationId = correlationId == null ? executionId : correlationId;
    requestedBy = requestedBy == null ? "unknown" : requestedBy;
  }

  /**
   * What the runbook acts on. {@code service} (or the resource's name) names the workload; the
   * per-target lock and rate limit count {@code namespace/service}.
   */
  public record Target(String namespace, String service, String resourceKind, String resourceName) {
    public Target {
      Objects.requireNonNull(namespace, "namespace");
    }

    /** The workload's name: the service, else the resource's name; null when neither. */
    public String workload() {
      return service != null ? service : resourceName;
    }

    /** {@code namespace/workload}, the key of the lock and the rate limit. */
    public String key() {
      return namespace + "/" + (workload() == null ? "-" : workload());
    }
  }

  /** Who approved an execution awaiting approval, and when. */
  public record Approval(String approvedBy, Instant approvedAt) {
    public Approval {
      Objects.requireNonNull(approvedBy, "approvedBy");
    }
  }

  public boolean approved() {
    return approval != null;
  }

  /** Reads a request that passed the request schema. */
  @SuppressWarnings("unchecked")
  public static ExecutionRequest fromJson(ObjectMapper mapper, JsonNode body) {
    JsonNode t = body.path("target");
    JsonNode res = t.path("resource");
    Target target =
        new Target(
            t.path("namespace").asText(),
            text(t, "service"),
            res.isObject() ? text(res, "kind") : null,
            res.isObject() ? text(res, "name") : null);
    Map<String, Object> params =
        body.path("parameters").isObject()
            ? mapper.convertValue(body.get("parameters"), Map.class)
            : Map.of();
    JsonNode a = body.path("approval");
    Approval approval =
        a.isObject()
            ? new Approval(a.path("approved_by").asText(), instant(a, "approved_at"))
            : null;
    return new ExecutionRequest(
        body.path("execution_id").asText(),
        text(body, "correlation_id"),
        body.path("runbook_id").asText(),
        target,
        params,
        body.path("dry_run").asBoolean(true),
        text(body, "requested_by"),
        instant(body, "issued_at"),
        approval);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
  }

  private static Instant instant(JsonNode node, String field) {
    String v = text(node, field);
    try {
      return v == null ? null : Instant.parse(v);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

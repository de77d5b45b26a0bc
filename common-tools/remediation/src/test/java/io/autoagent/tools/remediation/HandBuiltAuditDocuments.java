package io.autoagent.tools.remediation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.messaging.Envelopes;
import java.util.List;
import java.util.Map;

/**
 * The documents {@link NatsAuditSink} built by hand ({@code ObjectNode.put}) before they became
 * records, kept verbatim (but for publishing) so that tests can pin the records' JSON to theirs.
 */
final class HandBuiltAuditDocuments {

  private final ObjectMapper mapper;
  private final Envelopes envelopes;

  HandBuiltAuditDocuments(ObjectMapper mapper, Envelopes envelopes) {
    this.mapper = mapper;
    this.envelopes = envelopes;
  }

  /**
   * The audit trail of a run (decisions, step changes) as {@code agent_event}s: contract 1.1 keeps
   * {@code runbook.execution.infrastructure} for results only.
   */
  ObjectNode auditEvent(ExecutionRequest req, String messageId, String eventType, String message) {
    ObjectNode event = envelopes.create("agent_event", messageId, req.correlationId());
    event.put("event_type", eventType);
    event.put("severity", "info");
    event.put("audience", "operator");
    event.put("message", message);
    ObjectNode context = event.putObject("context");
    context.put("execution_id", req.executionId());
    context.put("runbook_id", req.runbookId());
    context.put("namespace", req.target().namespace());
    if (req.target().service() != null) {
      context.put("service", req.target().service());
    }
    context.put("dry_run", req.dryRun());
    context.put("requested_by", req.requestedBy());
    event.put("execution_id", req.executionId());
    event.put("runbook_id", req.runbookId());
    return event;
  }

  /** {@code publish}'s event as it was built by hand. */
  ObjectNode event(
      String eventType,
      String severity,
      String message,
      Map<String, Object> context,
      String messageId) {
    ObjectNode event = envelopes.create("agent_event", messageId, "c-1");
    event.put("event_type", eventType);
    event.put("severity", severity);
    event.put("audience", "operator");
    event.put("message", message);
    event.set("context", mapper.valueToTree(context));
    return event;
  }

  /** {@code decision}'s event as it was built by hand. */
  ObjectNode decisionEvent(ExecutionRequest request, Decision decision, String messageId) {
    ObjectNode doc =
        auditEvent(
            request,
            messageId,
            "runbook_decision",
            "decision on execution "
                + request.executionId()
                + " of "
                + request.runbookId()
                + ": "
                + decision.outcome());
    doc.set("decision", decision(decision));
    return doc;
  }

  /** {@code step}'s event as it was built by hand. */
  ObjectNode stepEvent(ExecutionRequest request, StepReport step, String messageId) {
    ObjectNode doc =
        auditEvent(
            request,
            messageId,
            "runbook_step",
            "execution "
                + request.executionId()
                + " "
                + step.phase()
                + " "
                + step.name()
                + " "
                + step.status().wire());
    doc.set("step", step(step));
    return doc;
  }

  /** {@code running}'s document as it was built by hand. */
  ObjectNode running(ExecutionReport progress, int sequence) {
    String messageId = "execution-" + progress.request().executionId() + "-" + sequence;
    ObjectNode doc = resultDocument(progress, messageId);
    doc.put("sequence", sequence);
    return doc;
  }

  /** The result document of a report (public for tests that validate it against the schema). */
  ObjectNode resultDocument(ExecutionReport report, String messageId) {
    ExecutionRequest req = report.request();
    ObjectNode doc = base("runbook_execution_result", req, messageId);
    doc.put("status", report.status().wire());
    doc.put("dry_run", report.dryRun());
    ArrayNode steps = doc.putArray("steps");
    report.steps().forEach(s -> steps.add(step(s)));
    if (!report.preconditions().isEmpty()) {
      doc.set("preconditions", checks(report.preconditions()));
    }
    if (!report.verification().isEmpty() || report.verified() != null) {
      ObjectNode v = doc.putObject("verification");
      if (report.verified() != null) {
        v.put("passed", report.verified());
      }
      v.set("checks", checks(report.verification()));
    }
    if (report.decision() != null) {
      doc.set("decision", decision(report.decision()));
    }
    if (report.pullRequest() != null) {
      doc.set("pull_request", pullRequest(report.pullRequest()));
    }
    if (report.error() != null) {
      ObjectNode e = doc.putObject("error");
      e.put("code", report.error().code());
      e.put("message", report.error().message());
    }
    return doc;
  }

  ObjectNode base(String type, ExecutionRequest req, String messageId) {
    ObjectNode doc = envelopes.create(type, messageId, req.correlationId());
    doc.put("execution_id", req.executionId());
    doc.put("runbook_id", req.runbookId());
    doc.put("dry_run", req.dryRun());
    ObjectNode t = doc.putObject("target");
    t.put("namespace", req.target().namespace());
    if (req.target().service() != null) {
      t.put("service", req.target().service());
    }
    if (req.target().resourceName() != null) {
      ObjectNode r = t.putObject("resource");
      r.put("kind", req.target().resourceKind());
      r.put("name", req.target().resourceName());
    }
    doc.put("requested_by", req.requestedBy());
    if (req.approval() != null) {
      ObjectNode a = doc.putObject("approval");
      a.put("approved_by", req.approval().approvedBy());
      if (req.approval().approvedAt() != null) {
        a.put("approved_at", req.approval().approvedAt().toString());
      }
    }
    return doc;
  }

  ObjectNode step(StepReport s) {
    ObjectNode n = mapper.createObjectNode();
    n.put("name", s.name());
    n.put("action", s.action());
    n.put("status", s.status().wire());
    n.put("phase", s.phase());
    n.put("index", s.index());
    if (s.output() != null && !s.output().isEmpty()) {
      n.put("output", s.output());
    }
    if (s.error() != null) {
      n.put("error", s.error());
    }
    if (s.startedAt() != null) {
      n.put("started_at", s.startedAt().toString());
    }
    if (s.finishedAt() != null) {
      n.put("finished_at", s.finishedAt().toString());
    }
    ArrayNode changes = n.putArray("changes");
    for (FieldChange c : s.changes()) {
      ObjectNode cn = changes.addObject();
      cn.put("object", c.object());
      cn.put("field", c.field());
      cn.set("before", mapper.valueToTree(c.before()));
      cn.set("after", mapper.valueToTree(c.after()));
    }
    if (s.undo() != null) {
      n.set(
          "undo", mapper.valueToTree(Map.of("action", s.undo().action(), "args", s.undo().args())));
    }
    return n;
  }

  ObjectNode pullRequest(PullRequestReport pr) {
    ObjectNode n = mapper.createObjectNode();
    n.put("outcome", pr.outcome().wire());
    if (pr.url() != null) {
      n.put("url", pr.url());
    }
    if (pr.branch() != null) {
      n.put("branch", pr.branch());
    }
    if (pr.commit() != null) {
      n.put("commit", pr.commit());
    }
    ArrayNode changes = n.putArray("changes");
    pr.changes().forEach(changes::add);
    n.put("detail", pr.detail());
    return n;
  }

  ArrayNode checks(List<CheckOutcome> checks) {
    ArrayNode a = mapper.createArrayNode();
    for (CheckOutcome c : checks) {
      ObjectNode n = a.addObject();
      n.put("check", c.check());
      n.put("holds", c.holds());
      n.put("detail", c.detail());
    }
    return a;
  }

  ObjectNode decision(Decision d) {
    ObjectNode n = mapper.createObjectNode();
    n.put("outcome", d.outcome());
    n.put("reason", d.reason());
    if (d.policy() != null) {
      n.put("policy", d.policy());
    }
    n.put("requested_by", d.requestedBy());
    if (d.trust() != null) {
      n.put("authentication", d.trust().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (d.approvedBy() != null) {
      n.put("approved_by", d.approvedBy());
    }
    return n;
  }
}

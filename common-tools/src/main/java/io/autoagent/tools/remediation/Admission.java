package io.autoagent.tools.remediation;

import io.autoagent.tools.remediation.policy.PolicyDecision;
import io.autoagent.tools.remediation.policy.PolicyEvaluator;
import io.autoagent.tools.runbook.Runbook;
import io.autoagent.tools.runbook.RunbookTemplates;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether a request may run, and how: the runbook exists, its parameters resolve, nothing it
 * touches is in a protected namespace, the request is authenticated enough for a live run, and
 * policy allows it. Every refusal names its reason. Stateless apart from its collaborators.
 */
final class Admission {

  /** A request that may run. {@code live} false means a dry run. */
  record Admitted(Runbook runbook, Map<String, Object> params, PolicyDecision policy, boolean live) {}

  /** Either {@code admitted} or {@code error}; {@code decision} says why, for the audit. */
  record Result(Admitted admitted, ExecutionError error, Decision decision) {}

  private final Function<String, Optional<Runbook>> runbooks;
  private final PolicyEvaluator policies;
  private final KubernetesClient client;
  private final RemediationConfig config;

  Admission(Function<String, Optional<Runbook>> runbooks, PolicyEvaluator policies, KubernetesClient client,
      RemediationConfig config) {
    this.runbooks = runbooks;
    this.policies = policies;
    this.client = client;
    this.config = config;
  }

  Result evaluate(ExecutionRequest req, Trust trust) {
    Optional<Runbook> found = runbooks.apply(req.runbookId());
    if (found.isEmpty()) {
      return deny(req, trust, null, ExecutionError.NOT_FOUND, "runbook " + req.runbookId() + " is not in the library");
    }
    Runbook runbook = found.get();
    Map<String, Object> params;
    try {
      params = Parameters.resolve(runbook, req);
    } catch (IllegalArgumentException e) {
      return deny(req, trust, null, ExecutionError.SCHEMA_VIOLATION, e.getMessage());
    }
    String forbidden;
    try {
      forbidden = forbiddenNamespace(req, runbook, params);
    } catch (IllegalArgumentException e) {
      return deny(req, trust, null, ExecutionError.SCHEMA_VIOLATION, e.getMessage());
    }
    if (forbidden != null) {
      return deny(req, trust, null, ExecutionError.FORBIDDEN_NAMESPACE, "namespace " + forbidden
          + " is protected; the agent never changes kube-system, kube-public, kube-node-lease, Argo CD's or its own namespace");
    }
    PolicyDecision policy = policies.evaluate(req.target().namespace(), labels(req), runbook);
    if (req.dryRun()) {
      String why = "dry run requested; " + policy.reason() + (policy.liveAllowed() ? "" : " (a live run would be denied)");
      return new Result(new Admitted(runbook, params, policy, false), null,
          new Decision("dry_run", why, policy.policyRef(), req.requestedBy(), trust, null));
    }
    String unsigned = trustProblem(trust);
    if (unsigned != null) {
      return deny(req, trust, policy, ExecutionError.SIGNATURE_INVALID, unsigned);
    }
    if (!policy.liveAllowed()) {
      return deny(req, trust, policy, ExecutionError.POLICY_DENIED, policy.reason());
    }
    return new Result(new Admitted(runbook, params, policy, true), null,
        new Decision(policy.needsApproval() && !req.approved() ? "awaiting_approval" : "live", policy.reason(),
            policy.policyRef(), req.requestedBy(), trust, req.approved() ? req.approval().approvedBy() : null));
  }

  /** Whether policy would allow a live run (the alert path asks before choosing live or dry run). */
  boolean liveAllowed(ExecutionRequest req) {
    return runbooks.apply(req.runbookId())
        .map(rb -> policies.evaluate(req.target().namespace(), labels(req), rb).liveAllowed()).orElse(false);
  }

  private String trustProblem(Trust trust) {
    return switch (trust) {
      case SIGNED, ALERT -> null;
      case UNSIGNED -> config.signingConfigured()
          ? "a live request must carry a valid webhook-signature (SECRET_KEY is set)"
          : config.allowUnsignedExecution() ? null
              : "no SECRET_KEY is configured, and live execution of unsigned requests needs ALLOW_UNSIGNED_EXECUTION=true";
    };
  }

  private String forbiddenNamespace(ExecutionRequest req, Runbook runbook, Map<String, Object> params) {
    List<String> namespaces = new ArrayList<>();
    namespaces.add(req.target().namespace());
    List<Map<String, Object>> argSets = new ArrayList<>();
    runbook.preconditions().forEach(c -> argSets.add(c.args()));
    runbook.steps().forEach(s -> argSets.add(s.args()));
    runbook.verify().conditions().forEach(c -> argSets.add(c.args()));
    runbook.rollback().forEach(s -> argSets.add(s.args()));
    for (Map<String, Object> args : argSets) {
      Object ns = RunbookTemplates.render(args, params).get("namespace");
      if (ns != null) {
        namespaces.add(String.valueOf(ns));
      }
    }
    return namespaces.stream().filter(config::isProtected).findFirst().orElse(null);
  }

  private Map<String, String> labels(ExecutionRequest req) {
    String name = req.target().workload();
    if (name == null) {
      return Map.of();
    }
    String ns = req.target().namespace();
    HasMetadata w = client.apps().deployments().inNamespace(ns).withName(name).get();
    if (w == null) {
      w = client.apps().statefulSets().inNamespace(ns).withName(name).get();
    }
    if (w == null) {
      w = client.apps().daemonSets().inNamespace(ns).withName(name).get();
    }
    return w == null || w.getMetadata().getLabels() == null ? Map.of() : w.getMetadata().getLabels();
  }

  private static Result deny(ExecutionRequest req, Trust trust, PolicyDecision policy, String code, String message) {
    return new Result(null, new ExecutionError(code, message),
        new Decision("denied", message, policy == null ? null : policy.policyRef(), req.requestedBy(), trust, null));
  }
}

package io.autoagent.tools.remediation;

import io.autoagent.tools.remediation.policy.PolicyDecision;
import io.autoagent.tools.remediation.policy.PolicyEvaluator;
import io.autoagent.tools.remediation.policy.RemediationPolicy;
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
 * policy allows it. A live run that GitOps must carry (see {@link GitOpsPort#route}) is admitted as
 * a pull request when the matching policy, whatever its mode, allows the runbook, and refused when
 * GitOps cannot carry it. Every refusal names its reason. Stateless apart from its collaborators.
 */
final class Admission {

  /**
   * A request that may run. {@code live} false means a dry run; {@code gitops} non-null means the
   * live run is a pull request instead.
   */
  record Admitted(
      Runbook runbook,
      Map<String, Object> params,
      PolicyDecision policy,
      boolean live,
      GitOpsPort.Route gitops) {
    Admitted(Runbook runbook, Map<String, Object> params, PolicyDecision policy, boolean live) {
      this(runbook, params, policy, live, null);
    }
  }

  /** Either {@code admitted} or {@code error}; {@code decision} says why, for the audit. */
  record Result(Admitted admitted, ExecutionError error, Decision decision) {}

  private final Function<String, Optional<Runbook>> runbooks;
  private final PolicyEvaluator policies;
  private final KubernetesClient client;
  private final RemediationConfig config;
  private final GitOpsPort gitops;

  Admission(
      Function<String, Optional<Runbook>> runbooks,
      PolicyEvaluator policies,
      KubernetesClient client,
      RemediationConfig config,
      GitOpsPort gitops) {
    this.runbooks = runbooks;
    this.policies = policies;
    this.client = client;
    this.config = config;
    this.gitops = gitops;
  }

  Result evaluate(ExecutionRequest req, Trust trust) {
    Optional<Runbook> found = runbooks.apply(req.runbookId());
    if (found.isEmpty()) {
      return deny(
          req,
          trust,
          null,
          ExecutionError.NOT_FOUND,
          "runbook " + req.runbookId() + " is not in the library");
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
      return deny(
          req,
          trust,
          null,
          ExecutionError.FORBIDDEN_NAMESPACE,
          "namespace "
              + forbidden
              + " is protected; the agent never changes kube-system, kube-public, kube-node-lease, Argo CD's or its own namespace");
    }
    GitOpsPort.Workload workload = workload(req);
    PolicyDecision policy = policies.evaluate(req.target().namespace(), labels(workload), runbook);
    GitOpsPort.Route route = gitops.route(req.target(), workload, policy.policy(), runbook);
    if (req.dryRun()) {
      String why =
          "dry run requested; "
              + policy.reason()
              + switch (route.kind()) {
                case LIVE -> policy.liveAllowed() ? "" : " (a live run would be denied)";
                case GITOPS ->
                    "; a live run would be proposed as a pull request: " + route.reason();
                case REFUSED -> "; a live run would be refused: " + route.reason();
              };
      return new Result(
          new Admitted(runbook, params, policy, false),
          null,
          new Decision("dry_run", why, policy.policyRef(), req.requestedBy(), trust, null));
    }
    String unsigned = trustProblem(trust);
    if (unsigned != null) {
      return deny(req, trust, policy, ExecutionError.SIGNATURE_INVALID, unsigned);
    }
    if (route.kind() == GitOpsPort.Route.Kind.REFUSED) {
      return deny(req, trust, policy, ExecutionError.POLICY_DENIED, route.reason());
    }
    if (route.kind() == GitOpsPort.Route.Kind.GITOPS) {
      return gitOps(req, trust, runbook, params, policy, route);
    }
    if (!policy.liveAllowed()) {
      return deny(req, trust, policy, ExecutionError.POLICY_DENIED, policy.reason());
    }
    return new Result(
        new Admitted(runbook, params, policy, true),
        null,
        new Decision(
            policy.needsApproval() && !req.approved() ? "awaiting_approval" : "live",
            policy.reason(),
            policy.policyRef(),
            req.requestedBy(),
            trust,
            req.approved() ? req.approval().approvedBy() : null));
  }

  /**
   * A pull request instead of a live run: held to the matching policy's allowedRunbooks and action
   * switches (not to its mode, and without waiting for an approval: merging the pull request is the
   * approval).
   */
  private Result gitOps(
      ExecutionRequest req,
      Trust trust,
      Runbook runbook,
      Map<String, Object> params,
      PolicyDecision policy,
      GitOpsPort.Route route) {
    String refused =
        policy.policy() == null ? null : PolicyEvaluator.refusal(policy.policy(), runbook);
    if (refused != null) {
      return deny(
          req,
          trust,
          policy,
          ExecutionError.POLICY_DENIED,
          "policy " + policy.policyRef() + " " + refused);
    }
    String why =
        route.reason()
            + "; "
            + (policy.policy() == null
                ? "a pull request changes nothing until a person merges it"
                : "policy " + policy.policyRef() + " allows " + runbook.id());
    return new Result(
        new Admitted(runbook, params, policy, true, route),
        null,
        new Decision("gitops_pr", why, policy.policyRef(), req.requestedBy(), trust, null));
  }

  /**
   * Whether the alert path should ask for a live run: policy allows one, or it would become a pull
   * request, or it would be refused for a reason worth saying (a policy that wants live or gitops
   * changes). Otherwise the alert path plans a dry run.
   */
  boolean wouldChange(ExecutionRequest req) {
    Optional<Runbook> runbook = runbooks.apply(req.runbookId());
    if (runbook.isEmpty()) {
      return false;
    }
    GitOpsPort.Workload workload = workload(req);
    PolicyDecision policy =
        policies.evaluate(req.target().namespace(), labels(workload), runbook.get());
    return switch (gitops.route(req.target(), workload, policy.policy(), runbook.get()).kind()) {
      case GITOPS -> true;
      case REFUSED ->
          policy.liveAllowed()
              || (policy.policy() != null
                  && policy.policy().mode() == RemediationPolicy.Mode.GITOPS);
      case LIVE -> policy.liveAllowed();
    };
  }

  private String trustProblem(Trust trust) {
    return switch (trust) {
      case SIGNED, ALERT -> null;
      case UNSIGNED ->
          config.signingConfigured()
              ? "a live request must carry a valid webhook-signature (SECRET_KEY is set)"
              : config.allowUnsignedExecution()
                  ? null
                  : "no SECRET_KEY is configured, and live execution of unsigned requests needs ALLOW_UNSIGNED_EXECUTION=true";
    };
  }

  private String forbiddenNamespace(
      ExecutionRequest req, Runbook runbook, Map<String, Object> params) {
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

  /**
   * The target's Deployment, StatefulSet or DaemonSet as the API server has it; null when there is
   * none.
   */
  private GitOpsPort.Workload workload(ExecutionRequest req) {
    String name = req.target().workload();
    if (name == null) {
      return null;
    }
    String ns = req.target().namespace();
    HasMetadata w = client.apps().deployments().inNamespace(ns).withName(name).get();
    if (w == null) {
      w = client.apps().statefulSets().inNamespace(ns).withName(name).get();
    }
    if (w == null) {
      w = client.apps().daemonSets().inNamespace(ns).withName(name).get();
    }
    return w == null
        ? null
        : new GitOpsPort.Workload(
            w.getKind(), name, w.getMetadata().getLabels(), w.getMetadata().getAnnotations());
  }

  private static Map<String, String> labels(GitOpsPort.Workload workload) {
    return workload == null ? Map.of() : workload.labels();
  }

  private static Result deny(
      ExecutionRequest req, Trust trust, PolicyDecision policy, String code, String message) {
    return new Result(
        null,
        new ExecutionError(code, message),
        new Decision(
            "denied",
            message,
            policy == null ? null : policy.policyRef(),
            req.requestedBy(),
            trust,
            null));
  }
}

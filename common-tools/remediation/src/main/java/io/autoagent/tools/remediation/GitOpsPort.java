package io.autoagent.tools.remediation;

import io.autoagent.tools.remediation.policy.PolicyLimits;
import io.autoagent.tools.remediation.policy.RemediationPolicy;
import io.autoagent.tools.runbook.Runbook;
import java.util.Map;
import java.util.Objects;

/**
 * GitOps as the engine sees it: whether a live run must reach a workload through its git repository
 * instead of a patch, and the pull request that does it. The agent implements it over its GitOps
 * settings, Argo CD and the outbox; {@link #NONE} (no GitOps) sends every run live.
 *
 * <p>Called on the engine's worker threads; implementations are thread-safe.
 */
public interface GitOpsPort {

  /**
   * Where a live run of {@code runbook} goes.
   *
   * @param workload the target as the API server has it; null when it does not exist or is unnamed
   * @param policy the AutoRemediationPolicy that matches the target; null when none
   */
  Route route(
      ExecutionRequest.Target target, Workload workload, RemediationPolicy policy, Runbook runbook);

  /**
   * Proposes the runbook's manifest changes as a pull request (or updates the incident's open one).
   * A forge or git remote that is down does not fail it: the proposal is queued and retried ({@link
   * PullRequestReport.Outcome#QUEUED}).
   *
   * @param params the resolved parameters the steps are rendered with
   * @param limits the matching policy's bounds, applied to the proposed values as to live actions
   * @throws io.autoagent.core.PermanentException when nothing can be proposed (no manifest declares
   *     the workload, a value outside the policy's bounds, a request the forge refuses)
   * @throws io.autoagent.core.RetriableException when the proposal could not even be queued
   */
  PullRequestReport propose(
      ExecutionRequest request,
      Runbook runbook,
      Map<String, Object> params,
      PolicyLimits limits,
      Incident incident);

  /** A live object's kind, name and metadata. */
  record Workload(
      String kind, String name, Map<String, String> labels, Map<String, String> annotations) {
    public Workload {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
      labels = labels == null ? Map.of() : Map.copyOf(labels);
      annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
  }

  /**
   * The incident a proposal belongs to: the same key reuses the same branch and pull request.
   *
   * @param key {@code namespace/service/category} on the alert path
   * @param summary the analysis, for the pull request's body
   */
  record Incident(String key, String summary) {
    public Incident {
      Objects.requireNonNull(key, "key");
      summary = summary == null ? "" : summary;
    }
  }

  /** A routing decision and why, for the audit trail and the answer. */
  record Route(Kind kind, String reason) {

    /**
     * {@code LIVE}: patch the cluster (under policy); {@code GITOPS}: a pull request; {@code
     * REFUSED}: neither.
     */
    public enum Kind {
      LIVE,
      GITOPS,
      REFUSED
    }

    public static final Route LIVE = new Route(Kind.LIVE, "live");

    public Route {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(reason, "reason");
    }

    public static Route gitops(String reason) {
      return new Route(Kind.GITOPS, reason);
    }

    public static Route refused(String reason) {
      return new Route(Kind.REFUSED, reason);
    }
  }

  /** No GitOps: every live run patches the cluster. */
  GitOpsPort NONE =
      new GitOpsPort() {
        @Override
        public Route route(
            ExecutionRequest.Target target,
            Workload workload,
            RemediationPolicy policy,
            Runbook runbook) {
          return Route.LIVE;
        }

        @Override
        public PullRequestReport propose(
            ExecutionRequest request,
            Runbook runbook,
            Map<String, Object> params,
            PolicyLimits limits,
            Incident incident) {
          throw new IllegalStateException("GitOps is not configured");
        }
      };
}

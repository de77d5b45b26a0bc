package io.autoagent.infra;

import io.autoagent.core.PermanentException;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Recommendation;
import io.autoagent.tools.argocd.ArgoCdState;
import io.autoagent.tools.gitops.GitOpsChange;
import io.autoagent.tools.gitops.GitOpsOptions;
import io.autoagent.tools.remediation.ExecutionRequest;
import io.autoagent.tools.remediation.ExecutionStatus;
import io.autoagent.tools.remediation.GitOpsPort;
import io.autoagent.tools.remediation.PullRequestReport;
import io.autoagent.tools.remediation.RemediationOutcome;
import io.autoagent.tools.remediation.policy.PolicyLimits;
import io.autoagent.tools.remediation.policy.RemediationPolicy;
import io.autoagent.tools.runbook.Runbook;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides, per workload, whether a runbook's change of the workload's manifest fields (replicas,
 * memory limit, image) is patched live or proposed as a pull request, and proposes it.
 *
 * <p>GitOps carries the change when {@code REMEDIATION_MODE=gitops}, when the matching
 * AutoRemediationPolicy has {@code mode: gitops}, or when Argo CD manages the workload. Argo CD
 * management is read from what only Argo CD writes: the {@code argocd.argoproj.io/tracking-id}
 * annotation on the live object (annotation tracking, the default since Argo CD 3.0), or an
 * Application whose resources list the workload, asked of Argo CD (which also covers label
 * tracking). The {@code app.kubernetes.io/instance} label alone is not taken as proof: Helm charts
 * set it too, and treating every Helm release as Argo-managed would refuse their live runs for
 * nothing.
 *
 * <p>Where GitOps should carry a change and cannot (no repository or token configured, or a step
 * like {@code rollback_deployment} that no manifest edit expresses), the live run is refused with
 * what to configure or do instead: a live patch of an Argo-managed object would be reverted by
 * self-heal or undone by the next sync, and one on a gitops policy's workload would bypass review.
 * Runbooks that change nothing a manifest declares (restarts, Argo CD syncs and rollbacks, node
 * actions) stay live runs under the policy. Thread-safe.
 */
final class GitOpsRouter implements GitOpsPort {

  static final String ARGOCD_TRACKING_ID = "argocd.argoproj.io/tracking-id";

  private final GitOpsOptions options;
  private final GitOpsProposals proposals;
  private final AnalysisDocuments.ArgoCdStates argocd;
  private final Function<String, Optional<Runbook>> runbooks;

  /**
   * @param proposals opens the pull requests; null when GitOps is not configured
   * @param argocd which Argo CD application manages a workload, asked of Argo CD itself ({@link
   *     io.autoagent.tools.argocd.ArgoCdWorkloads}, wired in by the agent's start-up; never an
   *     evidence source); {@link AnalysisDocuments.ArgoCdStates#NONE} without Argo CD
   */
  GitOpsRouter(
      GitOpsOptions options,
      GitOpsProposals proposals,
      AnalysisDocuments.ArgoCdStates argocd,
      Function<String, Optional<Runbook>> runbooks) {
    this.options = options;
    this.proposals = options.configured() ? proposals : null;
    this.argocd = argocd;
    this.runbooks = runbooks;
  }

  /**
   * {@code REMEDIATION_MODE=gitops}: every manifest change is a pull request, with or without a
   * cluster.
   */
  boolean globalMode() {
    return options.enabled();
  }

  @Override
  public Route route(
      ExecutionRequest.Target target,
      Workload workload,
      RemediationPolicy policy,
      Runbook runbook) {
    if (!GitOpsProposals.changesManifest(runbook)) {
      return Route.LIVE;
    }
    String why = reason(target, workload, policy);
    if (why == null) {
      return Route.LIVE;
    }
    if (proposals == null) {
      return Route.refused(
          why
              + ", but GitOps is not configured ("
              + options.problem()
              + "), and "
              + runbook.id()
              + " is not patched live instead; nothing was changed");
    }
    Optional<Runbook.Step> spec = GitOpsProposals.inexpressible(runbook);
    if (spec.isPresent()) {
      return Route.refused(
          why
              + ", but step "
              + spec.get().name()
              + " ("
              + spec.get().action()
              + ") of "
              + runbook.id()
              + " changes the workload in a way no manifest edit expresses: revert the change in git, or roll back"
              + " through Argo CD (runbook sync-argocd-application); nothing was changed");
    }
    return Route.gitops(why);
  }

  /** Why GitOps should carry a manifest change of this workload; null when nothing asks for it. */
  private String reason(
      ExecutionRequest.Target target, Workload workload, RemediationPolicy policy) {
    if (options.enabled()) {
      return GitOpsOptions.REMEDIATION_MODE + "=gitops";
    }
    if (policy != null && policy.mode() == RemediationPolicy.Mode.GITOPS) {
      return "policy " + policy.ref() + " sets mode: gitops";
    }
    String argo = argoCd(target, workload);
    if (argo != null) {
      String what =
          workload != null
              ? workload.kind() + " " + target.namespace() + "/" + workload.name()
              : target.key();
      return what
          + " is managed by Argo CD ("
          + argo
          + "): a live change of its manifest would be reverted by"
          + " self-heal or undone by the next sync";
    }
    return null;
  }

  private String argoCd(ExecutionRequest.Target target, Workload workload) {
    if (workload != null && workload.annotations().get(ARGOCD_TRACKING_ID) != null) {
      return ARGOCD_TRACKING_ID + ": " + workload.annotations().get(ARGOCD_TRACKING_ID);
    }
    String service = target.workload();
    if (service == null) {
      return null;
    }
    return argocd
        .state(target.namespace(), service)
        .map(ArgoCdState::application)
        .map(app -> "application " + app)
        .orElse(null);
  }

  @Override
  public PullRequestReport propose(
      ExecutionRequest request,
      Runbook runbook,
      Map<String, Object> params,
      PolicyLimits limits,
      Incident incident) {
    if (proposals == null) {
      throw new PermanentException("GitOps is not configured: " + options.problem());
    }
    GitOpsChange change =
        GitOpsProposals.change(
            request.target().namespace(),
            request.target().workload(),
            runbook,
            params,
            limits,
            incident,
            request.executionId());
    return proposals.open(change);
  }

  /**
   * The alert path without a cluster to change ({@code REMEDIATION_MODE=gitops} needs none): the
   * recommended runbook as a pull request, with the recommendation's parameters and no policy.
   */
  RemediationOutcome proposeWithoutCluster(Alert alert, Recommendation best, Incident incident) {
    String executionId = "alert-" + alert.alertId() + "-" + best.runbookId();
    Runbook runbook = runbooks.apply(best.runbookId()).orElse(null);
    if (runbook == null) {
      return none(executionId, "runbook " + best.runbookId() + " is no longer in the library");
    }
    ExecutionRequest.Target target =
        new ExecutionRequest.Target(alert.namespace(), alert.service(), null, null);
    Route route = route(target, null, null, runbook);
    if (route.kind() == Route.Kind.REFUSED) {
      return new RemediationOutcome(
          RemediationOutcome.Mode.DENIED, executionId, ExecutionStatus.REJECTED, route.reason());
    }
    if (route.kind() == Route.Kind.LIVE) {
      return none(
          executionId,
          runbook.id()
              + " changes nothing a manifest declares, and running it needs a Kubernetes"
              + " cluster; none is configured");
    }
    ExecutionRequest request =
        new ExecutionRequest(
            executionId,
            alert.correlationId(),
            runbook.id(),
            target,
            best.parameters(),
            false,
            "alert:" + alert.alertId(),
            null,
            null);
    try {
      PullRequestReport pr =
          propose(request, runbook, best.parameters(), PolicyLimits.NONE, incident);
      return new RemediationOutcome(
          RemediationOutcome.Mode.GITOPS_PR,
          executionId,
          ExecutionStatus.PROPOSED,
          pr.detail(),
          pr.url());
    } catch (PermanentException e) {
      return none(
          executionId,
          "the pull request for " + runbook.id() + " could not be opened: " + e.getMessage());
    }
  }

  private static RemediationOutcome none(String executionId, String why) {
    return new RemediationOutcome(RemediationOutcome.Mode.NONE, executionId, null, why);
  }
}

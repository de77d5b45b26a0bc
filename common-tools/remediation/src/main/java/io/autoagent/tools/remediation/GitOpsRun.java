package io.autoagent.tools.remediation;

import io.autoagent.core.PermanentException;
import io.autoagent.tools.remediation.policy.PolicyLimits;
import io.autoagent.tools.remediation.store.ExecutionRecord;
import io.autoagent.tools.remediation.store.ExecutionStore;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one admitted GitOps execution: the pull request that replaces the live run, recorded in the
 * store and audited like any result. It answers {@code proposed} (contract 1.1: nothing in the
 * cluster changed; a person approves by merging) with the pull request, or {@code failed} when
 * nothing can be proposed. No lock, rate limit or approval wait: nothing changes until someone
 * merges, and a repeat updates the incident's own pull request. Not thread-safe: one per call.
 */
final class GitOpsRun {

  private static final Logger log = LoggerFactory.getLogger(GitOpsRun.class);

  private final GitOpsPort port;
  private final ExecutionStore store;
  private final AuditSink audit;
  private final Clock clock;

  /**
   * The mark of an execution routed to a pull request, until the proposal says what became of it.
   */
  static final PullRequestReport PROPOSING =
      new PullRequestReport(
          PullRequestReport.Outcome.QUEUED,
          null,
          null,
          null,
          List.of(),
          "being proposed as a pull request");

  GitOpsRun(GitOpsPort port, ExecutionStore store, AuditSink audit, Clock clock) {
    this.port = port;
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Proposes the change and finishes the execution. A {@link io.autoagent.core.RetriableException}
   * (the proposal could not even be queued) leaves the record running, so the redelivered request
   * proposes again (idempotent per incident).
   */
  ExecutionReport propose(
      ExecutionRequest req,
      Admission.Admitted a,
      Decision decision,
      ExecutionRecord rec,
      long rev,
      GitOpsPort.Incident incident) {
    PolicyLimits limits = a.policy() == null ? PolicyLimits.NONE : a.policy().limits();
    PullRequestReport pr;
    try {
      pr =
          port.propose(
              req, a.runbook(), a.params(), limits, incident == null ? incidentOf(req) : incident);
    } catch (PermanentException e) {
      ExecutionError error =
          new ExecutionError(
              ExecutionError.INTERNAL,
              "no pull request: " + e.getMessage() + "; nothing was changed");
      store.update(
          rec.withPullRequest(null, clock.instant())
              .done(ExecutionStatus.FAILED.wire(), error, clock.instant()),
          rev);
      ExecutionReport failed =
          new ExecutionReport(
              req,
              ExecutionStatus.FAILED,
              false,
              List.of(),
              List.of(),
              List.of(),
              null,
              decision,
              error);
      log.warn("Execution {} of {}: {}", req.executionId(), req.runbookId(), error.message());
      audit.result(failed, RemediationEngine.finalId(req));
      return failed;
    }
    ExecutionStatus status = ExecutionStatus.PROPOSED;
    store.update(
        rec.withPullRequest(pr, clock.instant()).done(status.wire(), null, clock.instant()), rev);
    ExecutionReport report =
        new ExecutionReport(
            req, status, false, List.of(), List.of(), List.of(), null, decision, null, pr);
    log.info(
        "Execution {} of {} proposed as a pull request: {}",
        req.executionId(),
        req.runbookId(),
        pr.detail());
    audit.result(report, RemediationEngine.finalId(req));
    return report;
  }

  /** A request's incident when no alert names one: its target and runbook. */
  static GitOpsPort.Incident incidentOf(ExecutionRequest req) {
    return new GitOpsPort.Incident(
        req.target().key() + "/" + req.runbookId(),
        "Runbook "
            + req.runbookId()
            + " requested by "
            + req.requestedBy()
            + " (execution "
            + req.executionId()
            + ").");
  }
}

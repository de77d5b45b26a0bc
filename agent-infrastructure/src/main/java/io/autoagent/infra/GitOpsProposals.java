package io.autoagent.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.tools.escalation.Outbox;
import io.autoagent.tools.escalation.OutboxItem;
import io.autoagent.tools.gitops.FieldEdit;
import io.autoagent.tools.gitops.GitOpsChange;
import io.autoagent.tools.gitops.GitOpsRemediator;
import io.autoagent.tools.gitops.GitOpsResult;
import io.autoagent.tools.remediation.GitOpsPort;
import io.autoagent.tools.remediation.PullRequestReport;
import io.autoagent.tools.remediation.action.Actions;
import io.autoagent.tools.remediation.action.Args;
import io.autoagent.tools.remediation.action.RegisteredAction;
import io.autoagent.tools.remediation.action.RegisteredAction.ManifestEffect;
import io.autoagent.tools.remediation.action.RegisteredAction.Proposal;
import io.autoagent.tools.remediation.policy.PolicyLimits;
import io.autoagent.tools.runbook.Runbook;
import io.autoagent.tools.runbook.RunbookTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a runbook would change live in a workload's manifest, proposed as a pull request instead:
 * its {@code scale_deployment}, {@code raise_memory_limit}, {@code set_memory_limit} and {@code
 * set_image} steps (arguments rendered from the resolved parameters, held to the step's and the
 * policy's bounds as the live actions are) become field edits. When the forge or the git remote
 * does not answer, the change is queued in the JetStream outbox ({@link
 * OutboxItem.Action#OPEN_PULL_REQUEST}) and {@link PullRequestDelivery} opens it once they do, so a
 * proposal is delayed, never lost. Thread-safe (the remediator serializes the git work).
 */
final class GitOpsProposals {

  private static final Logger log = LoggerFactory.getLogger(GitOpsProposals.class);

  /** Each action says what it does to a manifest ({@link RegisteredAction#manifestEffect}). */
  private static final Actions ACTIONS = Actions.standard();

  private final GitOpsRemediator remediator;
  private final Outbox outbox;
  private final ObjectMapper mapper;

  /**
   * @param outbox the pull-request lane ({@link Outbox#PULL_REQUESTS}), whose worker opens what is
   *     queued
   */
  GitOpsProposals(GitOpsRemediator remediator, Outbox outbox, ObjectMapper mapper) {
    this.remediator = remediator;
    this.outbox = outbox;
    this.mapper = mapper;
  }

  /**
   * Whether a live run of the runbook would change what the workload's manifest declares. Restarts,
   * pod deletions, Argo CD syncs and rollbacks, node and quota actions, waits and events do not.
   */
  static boolean changesManifest(Runbook runbook) {
    return runbook.steps().stream().anyMatch(s -> effect(s) != ManifestEffect.NONE);
  }

  /** The first step that changes the declared spec in a way no manifest edit expresses. */
  static Optional<Runbook.Step> inexpressible(Runbook runbook) {
    return runbook.steps().stream()
        .filter(s -> effect(s) == ManifestEffect.INEXPRESSIBLE)
        .findFirst();
  }

  private static ManifestEffect effect(Runbook.Step step) {
    return ACTIONS
        .registered(step.action())
        .map(RegisteredAction::manifestEffect)
        .orElse(ManifestEffect.NONE);
  }

  /**
   * The change the runbook's steps make to the workload's manifest.
   *
   * @param service the workload when the steps do not name one
   * @throws PermanentException when a step cannot be proposed (a value outside the bounds, a raise
   *     given as a percentage only)
   */
  static GitOpsChange change(
      String namespace,
      String service,
      Runbook runbook,
      Map<String, Object> params,
      PolicyLimits limits,
      GitOpsPort.Incident incident,
      String executionId) {
    List<FieldEdit> edits = new ArrayList<>();
    String workload = service;
    String kind = null;
    for (Runbook.Step step : runbook.steps()) {
      if (effect(step) != ManifestEffect.EDIT) {
        continue; // waits, checks and events change nothing a manifest declares
      }
      Map<String, Object> args = RunbookTemplates.render(step.args(), params);
      edits.add(
          ACTIONS
              .registered(step.action())
              .orElseThrow()
              .manifestEdit(
                  new Args(args), new Proposal(runbook.id(), step.name(), params, limits)));
      workload = args.get("name") != null ? String.valueOf(args.get("name")) : workload;
      kind = args.get("kind") != null ? String.valueOf(args.get("kind")) : kind;
    }
    if (edits.isEmpty()) {
      throw new PermanentException(
          "runbook "
              + runbook.id()
              + " has no step a manifest can express (replicas, memory limit, image)");
    }
    // versioned when made, so a queued older proposal never lands after a newer one of the same
    // incident
    return new GitOpsChange(
            namespace,
            workload,
            kind,
            edits,
            incident.key(),
            incident.summary(),
            runbook.id(),
            executionId)
        .at(java.time.Instant.now());
  }

  /**
   * Opens (or updates) the pull request; when the forge or the git remote does not answer, queues
   * the change in the outbox and says so.
   *
   * @throws PermanentException when the change cannot be proposed at all
   * @throws RetriableException when it could not be queued either (NATS down)
   */
  PullRequestReport open(GitOpsChange change) {
    List<String> described = change.edits().stream().map(FieldEdit::describe).toList();
    try {
      return report(remediator.remediate(change), described);
    } catch (RetriableException e) {
      outbox.enqueue(
          OutboxItem.openPullRequest(
              change.executionId() != null ? change.executionId() : change.incidentKey(),
              mapper.valueToTree(change)));
      log.warn("Pull request for {} queued: {}", change.incidentKey(), e.getMessage());
      return new PullRequestReport(
          PullRequestReport.Outcome.QUEUED,
          null,
          null,
          null,
          described,
          "pull request queued, retried with backoff until it opens: " + e.getMessage());
    }
  }

  static PullRequestReport report(GitOpsResult pr, List<String> described) {
    if (pr.outcome() == GitOpsResult.Outcome.SUPERSEDED) {
      return new PullRequestReport(
          PullRequestReport.Outcome.UPDATED,
          pr.prUrl(),
          pr.branch(),
          pr.commit(),
          described,
          "a newer proposal for this incident is already on "
              + pr.branch()
              + (pr.prUrl() == null ? "" : ": " + pr.prUrl()));
    }
    PullRequestReport.Outcome outcome =
        pr.outcome() == GitOpsResult.Outcome.CREATED
            ? PullRequestReport.Outcome.CREATED
            : PullRequestReport.Outcome.UPDATED;
    return new PullRequestReport(
        outcome,
        pr.prUrl(),
        pr.branch(),
        pr.commit(),
        described,
        "pull request " + outcome.wire() + ": " + pr.prUrl());
  }
}

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
import io.autoagent.tools.remediation.policy.PolicyLimits;
import io.autoagent.tools.runbook.Runbook;
import io.autoagent.tools.runbook.RunbookTemplates;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a runbook would change live in a workload's manifest, proposed as a pull request instead:
 * its {@code scale_deployment}, {@code raise_memory_limit}, {@code set_memory_limit} and {@code
 * set_image} steps (arguments rendered from the resolved parameters, held to the step's and the
 * policy's bounds as the live actions are) become field edits. When the forge or the git remote
 * does not answer, the change is queued in the JetStream outbox ({@link
 * OutboxItem.Action#OPEN_PULL_REQUEST}) and {@link PullRequestDelivery} opens it once they do, so
 * a proposal is delayed, never lost. Thread-safe (the remediator serializes the git work).
 */
final class GitOpsProposals {

  private static final Logger log = LoggerFactory.getLogger(GitOpsProposals.class);

  /** Steps a manifest edit expresses. */
  static final Set<String> EDIT_ACTIONS = Set.of("scale_deployment", "raise_memory_limit", "set_memory_limit", "set_image");

  /** Steps that change what the manifest declares in a way no field edit expresses. */
  static final Set<String> SPEC_ACTIONS = Set.of("rollback_deployment");

  private final GitOpsRemediator remediator;
  private final Outbox outbox;
  private final ObjectMapper mapper;

  /** @param outbox the pull-request lane ({@link Outbox#PULL_REQUESTS}), whose worker opens what is queued */
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
    return runbook.steps().stream().anyMatch(s -> EDIT_ACTIONS.contains(s.action()) || SPEC_ACTIONS.contains(s.action()));
  }

  /** The first step that changes the declared spec in a way no manifest edit expresses. */
  static Optional<Runbook.Step> inexpressible(Runbook runbook) {
    return runbook.steps().stream().filter(s -> SPEC_ACTIONS.contains(s.action())).findFirst();
  }

  /**
   * The change the runbook's steps make to the workload's manifest.
   *
   * @param service the workload when the steps do not name one
   * @throws PermanentException when a step cannot be proposed (a value outside the bounds, a raise
   *     given as a percentage only)
   */
  static GitOpsChange change(String namespace, String service, Runbook runbook, Map<String, Object> params,
      PolicyLimits limits, GitOpsPort.Incident incident, String executionId) {
    List<FieldEdit> edits = new ArrayList<>();
    String workload = service;
    String kind = null;
    for (Runbook.Step step : runbook.steps()) {
      if (!EDIT_ACTIONS.contains(step.action())) {
        continue; // waits, checks and events change nothing a manifest declares
      }
      Map<String, Object> args = RunbookTemplates.render(step.args(), params);
      edits.add(edit(runbook, step, args, params, limits));
      workload = args.get("name") != null ? String.valueOf(args.get("name")) : workload;
      kind = args.get("kind") != null ? String.valueOf(args.get("kind")) : kind;
    }
    if (edits.isEmpty()) {
      throw new PermanentException("runbook " + runbook.id() + " has no step a manifest can express (replicas, memory limit, image)");
    }
    // versioned when made, so a queued older proposal never lands after a newer one of the same incident
    return new GitOpsChange(namespace, workload, kind, edits, incident.key(), incident.summary(), runbook.id(), executionId)
        .at(java.time.Instant.now());
  }

  private static FieldEdit edit(Runbook runbook, Runbook.Step step, Map<String, Object> args, Map<String, Object> params,
      PolicyLimits limits) {
    return switch (step.action()) {
      case "scale_deployment" -> replicas(step, args, limits);
      case "raise_memory_limit" -> {
        if (args.get("target_limit") == null) {
          throw new PermanentException("runbook " + runbook.id() + " raises memory by a percentage at run time; "
              + "a pull request needs the target limit");
        }
        yield new FieldEdit.MemoryLimit(text(args.get("container")), raisedLimit(args, params, limits));
      }
      case "set_memory_limit" -> new FieldEdit.MemoryLimit(text(args.get("container")), String.valueOf(args.get("limit")));
      case "set_image" -> new FieldEdit.Image(text(args.get("container")), String.valueOf(args.get("image")));
      default -> throw new IllegalArgumentException(step.action());
    };
  }

  /** As {@code scale_deployment} live: within the step's min..max and the policy's scale bounds. */
  private static FieldEdit replicas(Runbook.Step step, Map<String, Object> args, PolicyLimits limits) {
    long target = number(args.get("replicas"), step, "replicas");
    long min = args.get("min_replicas") == null ? 1 : number(args.get("min_replicas"), step, "min_replicas");
    long max = args.get("max_replicas") == null ? Long.MAX_VALUE : number(args.get("max_replicas"), step, "max_replicas");
    if (limits.minReplicas() != null) {
      min = Math.max(min, limits.minReplicas());
    }
    if (limits.maxReplicas() != null) {
      max = Math.min(max, limits.maxReplicas());
    }
    if (target < min || target > max) {
      throw new PermanentException("refused: " + target + " replicas is outside the allowed " + min + ".."
          + (max == Long.MAX_VALUE ? "" : max) + " (step bounds and policy scale.minReplicas/maxReplicas)");
    }
    return new FieldEdit.Replicas((int) target);
  }

  /**
   * As {@code raise_memory_limit} live: the target, capped at the step's {@code ceiling} and at the
   * policy's {@code bumpMemoryPercent} over the current limit (the resolved {@code
   * current_memory_limit} parameter, which the analysis read from the live container). A policy
   * percentage with no known current limit refuses rather than guess.
   */
  private static String raisedLimit(Map<String, Object> args, Map<String, Object> params, PolicyLimits limits) {
    BigDecimal target = bytes(args.get("target_limit"));
    if (args.get("ceiling") != null && target.compareTo(bytes(args.get("ceiling"))) > 0) {
      target = bytes(args.get("ceiling"));
    }
    Integer cap = limits.maxMemoryIncreasePercent();
    if (cap != null) {
      Object current = params.get("current_memory_limit");
      if (current == null) {
        throw new PermanentException("the policy's bumpMemoryPercent " + cap
            + "% cannot be checked: the current memory limit is unknown (parameter current_memory_limit)");
      }
      BigDecimal most = bytes(current).multiply(BigDecimal.valueOf(100L + cap))
          .divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR);
      target = target.min(most);
    }
    return mebibytes(target);
  }

  private static long number(Object value, Runbook.Step step, String arg) {
    try {
      return new BigDecimal(String.valueOf(value)).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new PermanentException("step " + step.name() + ": " + arg + "=" + value + " is not a whole number");
    }
  }

  private static BigDecimal bytes(Object quantity) {
    return Quantity.getAmountInBytes(new Quantity(String.valueOf(quantity)));
  }

  private static String mebibytes(BigDecimal bytes) {
    return bytes.divide(BigDecimal.valueOf(1024L * 1024), 0, RoundingMode.FLOOR) + "Mi";
  }

  private static String text(Object value) {
    return value == null ? null : String.valueOf(value);
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
      outbox.enqueue(OutboxItem.openPullRequest(change.executionId() != null ? change.executionId() : change.incidentKey(),
          mapper.valueToTree(change)));
      log.warn("Pull request for {} queued: {}", change.incidentKey(), e.getMessage());
      return new PullRequestReport(PullRequestReport.Outcome.QUEUED, null, null, null, described,
          "pull request queued, retried with backoff until it opens: " + e.getMessage());
    }
  }

  static PullRequestReport report(GitOpsResult pr, List<String> described) {
    if (pr.outcome() == GitOpsResult.Outcome.SUPERSEDED) {
      return new PullRequestReport(PullRequestReport.Outcome.UPDATED, pr.prUrl(), pr.branch(), pr.commit(), described,
          "a newer proposal for this incident is already on " + pr.branch() + (pr.prUrl() == null ? "" : ": " + pr.prUrl()));
    }
    PullRequestReport.Outcome outcome = pr.outcome() == GitOpsResult.Outcome.CREATED
        ? PullRequestReport.Outcome.CREATED : PullRequestReport.Outcome.UPDATED;
    return new PullRequestReport(outcome, pr.prUrl(), pr.branch(), pr.commit(), described,
        "pull request " + outcome.wire() + ": " + pr.prUrl());
  }
}

package io.autoagent.tools.remediation;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Recommendation;
import io.autoagent.tools.remediation.action.ActionContext;
import io.autoagent.tools.remediation.action.Actions;
import io.autoagent.tools.remediation.action.Checks;
import io.autoagent.tools.remediation.policy.PolicyEvaluator;
import io.autoagent.tools.remediation.policy.PolicyLimits;
import io.autoagent.tools.remediation.policy.PolicySource;
import io.autoagent.tools.remediation.store.ExecutionRecord;
import io.autoagent.tools.remediation.store.ExecutionRecord.Phase;
import io.autoagent.tools.remediation.store.ExecutionStore;
import io.autoagent.tools.runbook.Runbook;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Executes runbooks safely: request, then admission (runbook, parameters, protected namespaces,
 * authentication, AutoRemediationPolicy, GitOps routing), then idempotency (the execution id is
 * recorded in the store before anything runs; any other message with the same id is a {@code
 * duplicate}), then approval for risky runbooks, the per-target lock and rate limit, and the run
 * itself: plan, preconditions, steps, verification, rollback. A live run that GitOps carries (see
 * {@link GitOpsPort}) is a pull request instead ({@link GitOpsRun}). Every decision, step and
 * result goes to the {@link AuditSink} with a deterministic message id.
 *
 * <p>Thread-safe; each call runs one execution on the caller's thread and may block for as long as
 * the runbook's waits and verification take. Throws {@link io.autoagent.core.RetriableException}
 * when the store, the audit sink or the Kubernetes API cannot be reached: the request should be
 * redelivered with the same {@code deliveryKey}, and the execution resumes after its last completed
 * step.
 */
public final class RemediationEngine {

  private static final Logger log = LoggerFactory.getLogger(RemediationEngine.class);

  private final KubernetesClient client;
  private final Admission admission;
  private final ExecutionStore store;
  private final AuditSink audit;
  private final Actions actions;
  private final Checks checks = new Checks();
  private final ArgoCdPort argo;
  private final EventSink events;
  private final RemediationConfig config;
  private final Clock clock;
  private final GitOpsRun gitops;

  private RemediationEngine(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client");
    this.store = Objects.requireNonNull(b.store, "store");
    this.config = b.config;
    this.audit = b.audit;
    this.actions = b.actions;
    this.argo = b.argo;
    this.events = b.events;
    this.clock = b.clock;
    this.admission =
        new Admission(
            Objects.requireNonNull(b.runbooks, "runbooks"),
            new PolicyEvaluator(b.policies),
            client,
            config,
            b.gitops);
    this.gitops = new GitOpsRun(b.gitops, store, audit, clock);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Handles one execution request and returns its answer (also sent to the audit sink).
   *
   * @param trust how the request was authenticated (see {@link Trust})
   * @param deliveryKey stable across redeliveries of one message (for NATS: {@code stream:seq}); a
   *     redelivery resumes, any other message with the same execution id is a duplicate
   */
  public ExecutionReport submit(ExecutionRequest req, Trust trust, String deliveryKey) {
    return submit(req, trust, deliveryKey, null);
  }

  /**
   * @param incident what a pull request belongs to; null: the request's target and runbook
   */
  private ExecutionReport submit(
      ExecutionRequest req, Trust trust, String deliveryKey, GitOpsPort.Incident incident) {
    MDC.put("execution_id", req.executionId());
    MDC.put("runbook_id", req.runbookId());
    try {
      Optional<ExecutionStore.Stored> existing = store.get(req.executionId());
      if (existing.isPresent()) {
        return existing(req, trust, deliveryKey, existing.get(), incident);
      }
      if (req.approved()) {
        return reject(
            req,
            deliveryKey,
            new Decision(
                "denied", "no execution awaits approval", null, req.requestedBy(), trust, null),
            new ExecutionError(
                ExecutionError.NOT_FOUND,
                "execution " + req.executionId() + " does not await approval"));
      }
      Admission.Result r = admission.evaluate(req, trust);
      if (r.error() != null) {
        return reject(req, deliveryKey, r.decision(), r.error());
      }
      Admission.Admitted a = r.admitted();
      boolean waits = a.live() && a.gitops() == null && a.policy().needsApproval();
      ExecutionRecord rec =
          newRecord(req, a, deliveryKey, waits ? Phase.AWAITING_APPROVAL : Phase.RUNNING);
      if (a.live() && a.gitops() != null) {
        // Recorded as a pull request before anything happens: a resume after a restart proposes
        // again even if the route can no longer be told (Argo CD state is rebuilt by analyses).
        rec = rec.withPullRequest(GitOpsRun.PROPOSING, clock.instant());
      }
      OptionalLong rev = store.create(rec);
      if (rev.isEmpty()) {
        return duplicate(
            req,
            trust,
            deliveryKey,
            "execution " + req.executionId() + " was received just now by another request");
      }
      if (!a.live()) {
        return dryRun(req, a, r.decision(), rec, rev.getAsLong());
      }
      if (a.gitops() != null) {
        return gitops.propose(req, a, r.decision(), rec, rev.getAsLong(), incident);
      }
      if (rec.phase() == Phase.AWAITING_APPROVAL) {
        ExecutionRun planRun = run(req, a, rec, rev.getAsLong(), true, config.serverDryRun());
        ExecutionReport plan = planRun.plan(r.decision());
        ExecutionReport waiting =
            new ExecutionReport(
                req,
                ExecutionStatus.AWAITING_APPROVAL,
                false,
                plan.steps(),
                plan.preconditions(),
                List.of(),
                null,
                r.decision(),
                null);
        log.info(
            "Execution {} of {} awaits approval: {}",
            req.executionId(),
            req.runbookId(),
            r.decision().reason());
        audit.result(waiting, id(req, "awaiting_approval"));
        return waiting;
      }
      return startLive(req, a, r.decision(), rec, rev.getAsLong(), true);
    } finally {
      MDC.remove("execution_id");
      MDC.remove("runbook_id");
    }
  }

  /** Refuses a request before admission (bad signature, replay) and records the refusal. */
  public ExecutionReport refuse(
      ExecutionRequest req, Trust trust, String deliveryKey, ExecutionError error) {
    return reject(
        req,
        deliveryKey,
        new Decision("denied", error.message(), null, req.requestedBy(), trust, null),
        error);
  }

  /**
   * Gives an execution up after the runtime's last delivery: marks it failed, releases its target
   * and publishes a {@code failed} result saying which changes are still applied.
   */
  public void giveUp(ExecutionRequest req, String reason) {
    Optional<ExecutionStore.Stored> s = store.get(req.executionId());
    String applied = "";
    if (s.isPresent() && s.get().record().phase() != Phase.DONE) {
      ExecutionRecord rec = s.get().record();
      applied =
          "; still applied: "
              + rec.steps().stream()
                  .filter(st -> st.status() == StepStatus.SUCCEEDED)
                  .flatMap(st -> st.changes().stream())
                  .map(FieldChange::toString)
                  .toList();
      store.update(
          rec.done(
              ExecutionStatus.FAILED.wire(),
              new ExecutionError(ExecutionError.INTERNAL, reason),
              clock.instant()),
          s.get().revision());
      store.unlock(req.target().key(), req.executionId());
    }
    List<StepReport> steps = s.map(x -> sorted(x.record().steps())).orElse(List.of());
    ExecutionReport failed =
        new ExecutionReport(
            req,
            ExecutionStatus.FAILED,
            req.dryRun(),
            steps,
            List.of(),
            List.of(),
            null,
            new Decision(
                "denied", "given up: " + reason, null, req.requestedBy(), Trust.UNSIGNED, null),
            new ExecutionError(ExecutionError.INTERNAL, reason + applied));
    audit.result(failed, finalId(req));
  }

  /**
   * The alert path ({@code mode: remediate}): runs the recommended runbook under policy, live where
   * a policy in {@code live} mode allows it, as a pull request where GitOps carries the change, and
   * as a dry run otherwise. The execution id is {@code alert-<alert_id>-<runbook_id>}, so a
   * redelivered alert never runs it twice.
   */
  public RemediationOutcome remediate(Alert alert, Recommendation recommendation) {
    return remediate(alert, recommendation, null);
  }

  /**
   * As {@link #remediate(Alert, Recommendation)}, with the incident a pull request belongs to.
   *
   * @param incident {@code namespace/service/category} and the analysis; null: the target and
   *     runbook
   */
  public RemediationOutcome remediate(
      Alert alert, Recommendation recommendation, GitOpsPort.Incident incident) {
    String executionId = "alert-" + alert.alertId() + "-" + recommendation.runbookId();
    ExecutionRequest probe =
        new ExecutionRequest(
            executionId,
            alert.correlationId(),
            recommendation.runbookId(),
            new ExecutionRequest.Target(alert.namespace(), alert.service(), null, null),
            recommendation.parameters(),
            true,
            "alert:" + alert.alertId(),
            clock.instant(),
            null);
    boolean live = recommendation.automatable() && admission.wouldChange(probe);
    ExecutionRequest req =
        new ExecutionRequest(
            executionId,
            probe.correlationId(),
            probe.runbookId(),
            probe.target(),
            probe.parameters(),
            !live,
            probe.requestedBy(),
            probe.issuedAt(),
            null);
    ExecutionReport report = submit(req, Trust.ALERT, "alert:" + alert.alertId(), incident);
    ExecutionStatus status = report.status();
    PullRequestReport pr = report.pullRequest();
    if (status == ExecutionStatus.DUPLICATE) {
      Optional<ExecutionRecord> rec = store.get(executionId).map(ExecutionStore.Stored::record);
      status =
          rec.map(
                  r ->
                      r.status() == null
                          ? null
                          : ExecutionStatus.valueOf(r.status().toUpperCase(java.util.Locale.ROOT)))
              .orElse(null);
      pr = rec.map(ExecutionRecord::pullRequest).orElse(null);
    }
    if (pr != null) {
      return new RemediationOutcome(
          RemediationOutcome.Mode.GITOPS_PR, executionId, status, pr.detail(), pr.url());
    }
    String detail =
        report.error() != null
            ? report.error().message()
            : report.decision() == null ? "" : report.decision().reason();
    RemediationOutcome.Mode mode =
        status == null
            ? RemediationOutcome.Mode.DRY_RUN
            : switch (status) {
              case SUCCEEDED, FAILED, ROLLED_BACK -> RemediationOutcome.Mode.EXECUTED;
              case DRY_RUN, DUPLICATE, RUNNING -> RemediationOutcome.Mode.DRY_RUN;
              case PROPOSED -> RemediationOutcome.Mode.GITOPS_PR;
              case AWAITING_APPROVAL -> RemediationOutcome.Mode.AWAITING_APPROVAL;
              case REJECTED -> RemediationOutcome.Mode.DENIED;
            };
    return new RemediationOutcome(
        mode, executionId, status, (status == null ? "" : status.wire() + ": ") + detail);
  }

  private ExecutionReport existing(
      ExecutionRequest req,
      Trust trust,
      String deliveryKey,
      ExecutionStore.Stored stored,
      GitOpsPort.Incident incident) {
    ExecutionRecord rec = stored.record();
    boolean redelivery = deliveryKey.equals(rec.deliveryKey());
    if (rec.phase() == Phase.RUNNING && redelivery) {
      Admission.Result r =
          admission.evaluate(req.approved() || !rec.dryRun() ? asLive(req) : req, trust);
      if (r.error() != null) {
        return finish(
            req,
            rec,
            stored.revision(),
            new ExecutionRun.Ending(
                ExecutionStatus.FAILED,
                new ExecutionError(r.error().code(), "stopped on resume: " + r.error().message()),
                List.of(),
                null),
            r.decision());
      }
      if (rec.dryRun()) {
        return dryRun(req, r.admitted(), r.decision(), rec, stored.revision());
      }
      if ((r.admitted().gitops() != null || rec.pullRequest() != null) && rec.steps().isEmpty()) {
        // a proposal that could not be queued, proposed again however it would be routed now; a
        // run that already changed the cluster stays live
        return gitops.propose(req, r.admitted(), r.decision(), rec, stored.revision(), incident);
      }
      log.info("Execution {} resumes after a restart", req.executionId());
      Decision resumed =
          new Decision(
              "live",
              "resumed after a restart; " + r.decision().reason(),
              r.decision().policy(),
              req.requestedBy(),
              trust,
              rec.approvedBy());
      return startLive(req, r.admitted(), resumed, rec, stored.revision(), false);
    }
    if (rec.phase() == Phase.AWAITING_APPROVAL && req.approved()) {
      return approve(req, trust, deliveryKey, stored);
    }
    if (rec.pullRequest() != null && req.approved()) {
      PullRequestReport pr = rec.pullRequest();
      return refuse(
          req,
          trust,
          deliveryKey,
          new ExecutionError(
              ExecutionError.POLICY_DENIED,
              "execution "
                  + req.executionId()
                  + " was proposed as a pull request ("
                  + (pr.url() != null ? pr.url() : pr.detail())
                  + "); approve it by merging the pull request, the agent patches nothing live for it"));
    }
    if (rec.phase() == Phase.DONE && redelivery) {
      ExecutionReport last = fromRecord(req, rec, null);
      audit.result(last, finalId(req));
      return last;
    }
    String state =
        rec.phase() == Phase.DONE
            ? "finished " + rec.status()
            : rec.phase().name().toLowerCase(java.util.Locale.ROOT);
    return duplicate(
        req,
        trust,
        deliveryKey,
        "execution " + req.executionId() + " was already received (" + state + ")");
  }

  private ExecutionReport approve(
      ExecutionRequest req, Trust trust, String deliveryKey, ExecutionStore.Stored stored) {
    ExecutionRecord rec = stored.record();
    if (!digest(req).equals(rec.requestDigest())) {
      return refuse(
          req,
          trust,
          deliveryKey,
          new ExecutionError(
              ExecutionError.POLICY_DENIED,
              "the approval does not match the request awaiting approval (runbook, target or parameters differ)"));
    }
    Admission.Result r = admission.evaluate(asLive(req), trust);
    if (r.error() != null) {
      return reject(req, deliveryKey, r.decision(), r.error());
    }
    ExecutionRecord running =
        rec.running(deliveryKey, req.approval().approvedBy(), clock.instant());
    long rev;
    try {
      rev = store.update(running, stored.revision());
    } catch (ExecutionStore.ConcurrentUpdateException e) {
      return duplicate(
          req,
          trust,
          deliveryKey,
          "execution " + req.executionId() + " was approved by another request");
    }
    Decision approved =
        new Decision(
            "live",
            "approved by " + req.approval().approvedBy() + "; " + r.decision().reason(),
            r.decision().policy(),
            req.requestedBy(),
            trust,
            req.approval().approvedBy());
    log.info("Execution {} approved by {}", req.executionId(), req.approval().approvedBy());
    audit.decision(req, approved, id(req, "approval"));
    return startLive(req, r.admitted(), approved, running, rev, true);
  }

  private ExecutionReport startLive(
      ExecutionRequest req,
      Admission.Admitted a,
      Decision decision,
      ExecutionRecord rec,
      long rev,
      boolean fresh) {
    String target = req.target().key();
    Optional<String> holder =
        store.lock(target, req.executionId(), clock.instant(), config.lockStaleAfter());
    if (holder.isPresent()) {
      return finish(
          req,
          rec,
          rev,
          new ExecutionRun.Ending(
              ExecutionStatus.REJECTED,
              new ExecutionError(
                  ExecutionError.POLICY_DENIED,
                  "execution "
                      + holder.get()
                      + " is running on "
                      + target
                      + "; one execution per target at a time"),
              List.of(),
              null),
          decision);
    }
    if (fresh) {
      // every refusal is decided before the first write: the preconditions and a plan of every
      // step computed locally (no request to the API server but reads), bounds included
      ExecutionError refused = preflight(req, a, rec, rev);
      if (refused != null) {
        return finish(
            req,
            rec,
            rev,
            new ExecutionRun.Ending(ExecutionStatus.REJECTED, refused, List.of(), null),
            decision);
      }
    }
    Instant start = clock.instant();
    if (fresh
        && !store.admit(target, start, config.rateWindow(), config.liveExecutionsPerWindow())) {
      return finish(
          req,
          rec,
          rev,
          new ExecutionRun.Ending(
              ExecutionStatus.REJECTED,
              new ExecutionError(
                  ExecutionError.POLICY_DENIED,
                  "rate limit: "
                      + config.liveExecutionsPerWindow()
                      + " live executions on "
                      + target
                      + " within "
                      + config.rateWindow()
                      + " already; this stops remediation loops"),
              List.of(),
              null),
          decision);
    }
    if (fresh) {
      audit.decision(req, decision, id(req, "decision"));
    }
    log.info(
        "Execution {} of {} on {} runs live: {}",
        req.executionId(),
        req.runbookId(),
        target,
        decision.reason());
    ExecutionRun run = run(req, a, rec, rev, false, false);
    ExecutionRun.Ending ending = run.runLive();
    if (fresh && ending.status() != ExecutionStatus.SUCCEEDED && run.changesSoFar().isEmpty()) {
      // a run that wrote nothing counts against no rate limit
      store.release(target, start);
    }
    return finish(req, run.record(), run.revision(), ending, decision);
  }

  /** Why a live run must be refused before it writes anything; null when nothing refuses it. */
  private ExecutionError preflight(
      ExecutionRequest req, Admission.Admitted a, ExecutionRecord rec, long rev) {
    ExecutionReport plan = run(req, a, rec, rev, true, false).plan(null);
    CheckOutcome failed =
        plan.preconditions().stream().filter(c -> !c.holds()).findFirst().orElse(null);
    if (failed != null) {
      return new ExecutionError(
          ExecutionRun.preconditionCode(failed),
          "precondition "
              + failed.check()
              + " does not hold: "
              + failed.detail()
              + "; no step ran, nothing was changed");
    }
    StepReport refused =
        plan.steps().stream().filter(s -> s.status() == StepStatus.FAILED).findFirst().orElse(null);
    if (refused != null) {
      return new ExecutionError(
          ExecutionRun.codeOf(refused.error(), ExecutionError.POLICY_DENIED),
          "step "
              + refused.name()
              + " would fail: "
              + refused.error()
              + "; no step ran, nothing was changed");
    }
    return null;
  }

  private ExecutionReport dryRun(
      ExecutionRequest req,
      Admission.Admitted a,
      Decision decision,
      ExecutionRecord rec,
      long rev) {
    ExecutionRun run = run(req, a, rec, rev, true, config.serverDryRun());
    ExecutionReport plan = run.plan(decision);
    store.update(
        rec.withSteps(plan.steps(), clock.instant())
            .done(ExecutionStatus.DRY_RUN.wire(), plan.error(), clock.instant()),
        rev);
    audit.result(plan, finalId(req));
    return plan;
  }

  private ExecutionReport finish(
      ExecutionRequest req,
      ExecutionRecord rec,
      long rev,
      ExecutionRun.Ending ending,
      Decision decision) {
    ExecutionRecord done = rec.done(ending.status().wire(), ending.error(), clock.instant());
    store.update(done, rev);
    store.unlock(req.target().key(), req.executionId());
    ExecutionReport report =
        new ExecutionReport(
            req,
            ending.status(),
            false,
            sorted(done.steps()),
            ending.preconditions(),
            done.verification(),
            ending.verified(),
            decision,
            ending.error());
    log.info("Execution {} finished {}", req.executionId(), ending.status().wire());
    audit.result(report, finalId(req));
    return report;
  }

  private ExecutionRun run(
      ExecutionRequest req,
      Admission.Admitted a,
      ExecutionRecord rec,
      long rev,
      boolean dryRun,
      boolean serverDryRun) {
    AtomicReference<ExecutionRun> self = new AtomicReference<>();
    ActionContext ctx =
        new ActionContext(
            client,
            dryRun,
            serverDryRun,
            clock,
            config.pollInterval(),
            argo,
            events,
            a.policy() == null ? PolicyLimits.NONE : a.policy().limits(),
            config.protectedNamespaces(),
            () -> self.get() == null ? List.of() : self.get().changesSoFar(),
            checks,
            req.executionId(),
            req.executionId());
    ExecutionRun run = new ExecutionRun(req, a, actions, ctx, store, audit, clock, rec, rev);
    self.set(run);
    return run;
  }

  private ExecutionReport reject(
      ExecutionRequest req, String deliveryKey, Decision decision, ExecutionError error) {
    log.warn(
        "Execution {} of {} rejected ({}): {}",
        req.executionId(),
        req.runbookId(),
        error.code(),
        error.message());
    ExecutionReport report = ExecutionReport.rejected(req, decision, error);
    audit.result(report, id(req, "rejected-" + shortHash(deliveryKey)));
    return report;
  }

  private ExecutionReport duplicate(
      ExecutionRequest req, Trust trust, String deliveryKey, String why) {
    log.info("Execution {} is a duplicate: {}", req.executionId(), why);
    ExecutionReport report =
        new ExecutionReport(
            req,
            ExecutionStatus.DUPLICATE,
            req.dryRun(),
            List.of(),
            List.of(),
            List.of(),
            null,
            new Decision("duplicate", why, null, req.requestedBy(), trust, null),
            null);
    audit.result(report, id(req, "duplicate-" + shortHash(deliveryKey)));
    return report;
  }

  private ExecutionRecord newRecord(
      ExecutionRequest req, Admission.Admitted a, String deliveryKey, Phase phase) {
    return new ExecutionRecord(
        req.executionId(),
        req.runbookId(),
        digest(req),
        deliveryKey,
        req.target().key(),
        phase,
        null,
        !a.live(),
        a.params(),
        List.of(),
        List.of(),
        null,
        a.policy() == null ? null : a.policy().policyRef(),
        null,
        clock.instant(),
        clock.instant());
  }

  private ExecutionReport fromRecord(ExecutionRequest req, ExecutionRecord rec, Decision decision) {
    ExecutionStatus status =
        ExecutionStatus.valueOf(rec.status().toUpperCase(java.util.Locale.ROOT));
    return new ExecutionReport(
        req,
        status,
        rec.dryRun(),
        sorted(rec.steps()),
        List.of(),
        rec.verification(),
        null,
        decision,
        status == ExecutionStatus.REJECTED && rec.error() == null
            ? new ExecutionError(ExecutionError.POLICY_DENIED, "rejected")
            : rec.error(),
        rec.pullRequest());
  }

  private static List<StepReport> sorted(List<StepReport> steps) {
    List<StepReport> out = new ArrayList<>(steps);
    out.sort(
        Comparator.comparing((StepReport s) -> s.phase().equals(StepReport.PHASE_STEP) ? 0 : 1)
            .thenComparingInt(StepReport::index));
    return out;
  }

  private static ExecutionRequest asLive(ExecutionRequest r) {
    return new ExecutionRequest(
        r.executionId(),
        r.correlationId(),
        r.runbookId(),
        r.target(),
        r.parameters(),
        false,
        r.requestedBy(),
        r.issuedAt(),
        r.approval());
  }

  /** What a request asks, independent of who approves it and when. */
  static String digest(ExecutionRequest r) {
    String canonical = r.runbookId() + "|" + r.target() + "|" + new TreeMap<>(r.parameters());
    return shortHash(canonical);
  }

  private static String shortHash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The message id of an execution's final result (contract 1.1): {@code execution-<execution_id>}.
   * Answers that are not the execution's end keep their own ids: {@code awaiting_approval}, and a
   * rejection or duplicate of one delivery ({@code -rejected-<hash>}, {@code -duplicate-<hash>}),
   * so refusing a forged request never hides the genuine request's result.
   */
  static String finalId(ExecutionRequest req) {
    return "execution-" + req.executionId();
  }

  static String id(ExecutionRequest req, String suffix) {
    return "execution-" + req.executionId() + "-" + suffix;
  }

  /** Builds an engine; the Kubernetes client, the runbooks and the store are required. */
  public static final class Builder {
    private KubernetesClient client;
    private Function<String, Optional<Runbook>> runbooks;
    private PolicySource policies = PolicySource.NONE;
    private ExecutionStore store;
    private AuditSink audit = AuditSink.NOOP;
    private Actions actions = Actions.standard();
    private ArgoCdPort argo = ArgoCdPort.UNAVAILABLE;
    private EventSink events = EventSink.NOOP;
    private RemediationConfig config = RemediationConfig.defaults();
    private Clock clock = Clock.systemUTC();
    private GitOpsPort gitops = GitOpsPort.NONE;

    public Builder client(KubernetesClient client) {
      this.client = client;
      return this;
    }

    /** Usually {@code library::find} of a {@link io.autoagent.tools.runbook.RunbookLibrary}. */
    public Builder runbooks(Function<String, Optional<Runbook>> runbooks) {
      this.runbooks = runbooks;
      return this;
    }

    public Builder policies(PolicySource policies) {
      this.policies = policies;
      return this;
    }

    public Builder store(ExecutionStore store) {
      this.store = store;
      return this;
    }

    public Builder audit(AuditSink audit) {
      this.audit = audit;
      return this;
    }

    public Builder actions(Actions actions) {
      this.actions = actions;
      return this;
    }

    public Builder argo(ArgoCdPort argo) {
      this.argo = argo;
      return this;
    }

    public Builder events(EventSink events) {
      this.events = events;
      return this;
    }

    public Builder config(RemediationConfig config) {
      this.config = config;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Where live runs that must go through git become pull requests; default {@link
     * GitOpsPort#NONE}.
     */
    public Builder gitops(GitOpsPort gitops) {
      this.gitops = Objects.requireNonNull(gitops, "gitops");
      return this;
    }

    public RemediationEngine build() {
      return new RemediationEngine(this);
    }
  }
}

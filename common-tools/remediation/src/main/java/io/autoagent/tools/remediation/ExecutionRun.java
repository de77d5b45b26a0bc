package io.autoagent.tools.remediation;

import io.autoagent.core.RetriableException;
import io.autoagent.core.text.Durations;
import io.autoagent.tools.remediation.action.ActionContext;
import io.autoagent.tools.remediation.action.ActionResult;
import io.autoagent.tools.remediation.action.Actions;
import io.autoagent.tools.remediation.action.Args;
import io.autoagent.tools.remediation.action.DryRunWording;
import io.autoagent.tools.remediation.action.RemediationAction;
import io.autoagent.tools.remediation.store.ExecutionRecord;
import io.autoagent.tools.remediation.store.ExecutionStore;
import io.autoagent.tools.runbook.Runbook;
import io.autoagent.tools.runbook.RunbookTemplates;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one admitted execution: preconditions, steps (recording each in the store before it is
 * announced, so a restarted agent resumes after the last completed one), verification, and on
 * failure the runbook's rollback steps or, without them, each completed step's undo in reverse.
 * Also computes dry-run plans. Not thread-safe: one instance per execution.
 */
final class ExecutionRun {

  private static final Logger log = LoggerFactory.getLogger(ExecutionRun.class);

  /** How a live run ended. */
  record Ending(
      ExecutionStatus status,
      ExecutionError error,
      List<CheckOutcome> preconditions,
      Boolean verified) {}

  private final ExecutionRequest request;
  private final Admission.Admitted admitted;
  private final Actions actions;
  private final ActionContext baseCtx;
  private final ExecutionStore store;
  private final AuditSink audit;
  private final Clock clock;
  private ExecutionRecord record;
  private long revision;

  ExecutionRun(
      ExecutionRequest request,
      Admission.Admitted admitted,
      Actions actions,
      ActionContext baseCtx,
      ExecutionStore store,
      AuditSink audit,
      Clock clock,
      ExecutionRecord record,
      long revision) {
    this.request = request;
    this.admitted = admitted;
    this.actions = actions;
    this.baseCtx = baseCtx;
    this.store = store;
    this.audit = audit;
    this.clock = clock;
    this.record = record;
    this.revision = revision;
  }

  ExecutionRecord record() {
    return record;
  }

  long revision() {
    return revision;
  }

  /** The plan of a dry run: preconditions and each step as it would run, changing nothing. */
  ExecutionReport plan(Decision decision) {
    List<CheckOutcome> pre = preconditions();
    List<StepReport> steps = new ArrayList<>();
    String problem =
        pre.stream()
            .filter(c -> !c.holds())
            .findFirst()
            .map(c -> "precondition " + c.check() + " does not hold: " + c.detail())
            .orElse(null);
    List<Runbook.Step> list = admitted.runbook().steps();
    for (int i = 0; i < list.size(); i++) {
      StepReport r = runStep(list.get(i), i + 1, StepReport.PHASE_STEP, true);
      steps.add(r.status() == StepStatus.SUCCEEDED ? r.withStatus(StepStatus.PLANNED) : r);
      if (r.status() == StepStatus.FAILED && problem == null) {
        problem = "step " + r.name() + " would fail: " + r.error();
      }
    }
    String code =
        steps.stream()
            .filter(st -> st.status() == StepStatus.FAILED)
            .findFirst()
            .map(st -> codeOf(st.error(), ExecutionError.POLICY_DENIED))
            .orElse(ExecutionError.POLICY_DENIED);
    ExecutionError error =
        problem == null
            ? null
            : new ExecutionError(code, "a live run would not succeed: " + problem);
    return new ExecutionReport(
        request, ExecutionStatus.DRY_RUN, true, steps, pre, List.of(), null, decision, error);
  }

  /**
   * Runs (or resumes) the live execution and returns how it ended; the record is updated as it
   * goes.
   */
  Ending runLive() {
    boolean fresh = record.steps().stream().noneMatch(s -> s.phase().equals(StepReport.PHASE_STEP));
    List<CheckOutcome> pre = List.of();
    if (fresh) {
      pre = preconditions();
      CheckOutcome failed = pre.stream().filter(c -> !c.holds()).findFirst().orElse(null);
      if (failed != null) {
        return new Ending(
            ExecutionStatus.REJECTED,
            new ExecutionError(
                preconditionCode(failed),
                "precondition "
                    + failed.check()
                    + " does not hold: "
                    + failed.detail()
                    + "; no step ran, nothing was changed"),
            pre,
            null);
      }
    }
    String failure = null;
    String failureCode = null;
    List<Runbook.Step> list = admitted.runbook().steps();
    for (int i = 0; i < list.size() && failure == null; i++) {
      Runbook.Step step = list.get(i);
      var done = record.step(StepReport.PHASE_STEP, i + 1);
      if (done.isPresent() && done.get().status() != StepStatus.PLANNED) {
        if (done.get().status() == StepStatus.FAILED && !step.continueOnFailure()) {
          failure = "step " + step.name() + " failed: " + done.get().error();
          failureCode = ExecutionError.INTERNAL;
        }
        continue; // completed before a restart: never repeated
      }
      announceStart(step, i + 1, StepReport.PHASE_STEP);
      StepReport r = runStep(step, i + 1, StepReport.PHASE_STEP, false);
      save(r);
      announceEnd();
      if (r.status() == StepStatus.FAILED && !step.continueOnFailure()) {
        failure = "step " + step.name() + " failed: " + r.error();
        failureCode =
            step.action().equals("wait_for")
                ? ExecutionError.TIMEOUT
                : codeOf(r.error(), ExecutionError.INTERNAL);
      }
    }
    Boolean verified = null;
    if (failure == null) {
      List<CheckOutcome> checks = verify();
      verified = checks.stream().allMatch(CheckOutcome::holds);
      record = record.withVerification(checks, clock.instant());
      revision = store.update(record, revision);
      if (!verified) {
        failure =
            "verification failed within "
                + Durations.words(admitted.runbook().verify().timeout())
                + ": "
                + checks.stream()
                    .filter(c -> !c.holds())
                    .map(c -> c.check() + " (" + c.detail() + ")")
                    .toList();
        failureCode = ExecutionError.TIMEOUT;
      }
    }
    if (failure == null) {
      return new Ending(ExecutionStatus.SUCCEEDED, null, pre, verified);
    }
    if (changesSoFar().isEmpty()) {
      // nothing was written: there is nothing to undo, and nothing may be "restored"
      log.warn("Execution {} failed before any change ({})", request.executionId(), failure);
      return new Ending(
          ExecutionStatus.FAILED,
          new ExecutionError(failureCode, failure + "; nothing was changed"),
          pre,
          verified);
    }
    log.warn("Execution {} failed ({}); rolling back", request.executionId(), failure);
    String rollbackProblem = rollback();
    if (rollbackProblem == null) {
      return new Ending(
          ExecutionStatus.ROLLED_BACK,
          new ExecutionError(failureCode, failure + "; rolled back"),
          pre,
          verified);
    }
    return new Ending(
        ExecutionStatus.FAILED,
        new ExecutionError(failureCode, failure + "; " + rollbackProblem),
        pre,
        verified);
  }

  private List<CheckOutcome> preconditions() {
    List<CheckOutcome> out = new ArrayList<>();
    for (Runbook.Check c : admitted.runbook().preconditions()) {
      out.add(check(c.check(), c.args()));
    }
    return out;
  }

  private CheckOutcome check(String name, Map<String, Object> args) {
    try {
      return baseCtx
          .checks()
          .evaluate(name, new Args(RunbookTemplates.render(args, admitted.params())), baseCtx);
    } catch (IllegalArgumentException e) {
      return CheckOutcome.fails(name, e.getMessage());
    }
  }

  private List<CheckOutcome> verify() {
    Instant deadline = clock.instant().plus(admitted.runbook().verify().timeout());
    while (true) {
      List<CheckOutcome> checks =
          admitted.runbook().verify().conditions().stream()
              .map(c -> check(c.check(), c.args()))
              .toList();
      if (checks.stream().allMatch(CheckOutcome::holds) || !clock.instant().isBefore(deadline)) {
        return checks;
      }
      pause();
    }
  }

  /**
   * Undoes the completed steps in reverse, each with the undo its action recorded from the state it
   * read before changing it; null when it all worked. The runbook's own rollback steps are not run:
   * they are templated from the request's parameters, and a rollback must return the cluster to
   * what the agent read, never to a value the requester chose. A change without an undo (a rolling
   * restart) is named in the result.
   */
  private String rollback() {
    List<StepReport> completed =
        record.steps().stream()
            .filter(
                s -> s.phase().equals(StepReport.PHASE_STEP) && s.status() == StepStatus.SUCCEEDED)
            .sorted(Comparator.comparingInt(StepReport::index))
            .toList();
    List<Runbook.Step> plan = new ArrayList<>();
    for (StepReport s : completed.reversed()) {
      if (s.undo() != null && !s.changes().isEmpty()) {
        plan.add(
            new Runbook.Step(
                "undo-" + s.name(),
                s.undo().action(),
                "undo of " + s.name(),
                s.undo().args(),
                null,
                false));
      }
    }
    for (int j = 0; j < plan.size(); j++) {
      var done = record.step(StepReport.PHASE_ROLLBACK, j + 1);
      if (done.isPresent() && done.get().status() == StepStatus.SUCCEEDED) {
        continue;
      }
      announceStart(plan.get(j), j + 1, StepReport.PHASE_ROLLBACK);
      StepReport r = runStep(plan.get(j), j + 1, StepReport.PHASE_ROLLBACK, false);
      save(r);
      announceEnd();
      if (r.status() == StepStatus.FAILED) {
        return "rollback step "
            + r.name()
            + " failed: "
            + r.error()
            + "; still applied: "
            + completed.stream()
                .flatMap(s -> s.changes().stream())
                .map(FieldChange::toString)
                .toList();
      }
    }
    for (StepReport s : completed) {
      StepReport rolled =
          s.withStatus(
              s.undo() != null || s.changes().isEmpty() ? StepStatus.ROLLED_BACK : s.status());
      save(rolled);
    }
    return null;
  }

  static String preconditionCode(CheckOutcome failed) {
    return failed.check().endsWith("_exists")
        ? ExecutionError.NOT_FOUND
        : ExecutionError.POLICY_DENIED;
  }

  static final String UNAVAILABLE_PREFIX = "unavailable: ";

  /**
   * The code a step's failure stands for: a system it needs is down, a refusal, or else {@code
   * fallback}.
   */
  static String codeOf(String error, String fallback) {
    if (error != null && error.startsWith(UNAVAILABLE_PREFIX)) {
      return ExecutionError.UNAVAILABLE;
    }
    return isRefusal(error) ? ExecutionError.POLICY_DENIED : fallback;
  }

  /** Whether a step's error is an action refusing on bounds or policy (it changed nothing). */
  static boolean isRefusal(String error) {
    return error != null && error.startsWith("refused");
  }

  private StepReport runStep(Runbook.Step step, int index, String phase, boolean dryRun) {
    Instant started = clock.instant();
    String key = request.executionId() + "-" + phase + "-" + index;
    boolean undo = phase.equals(StepReport.PHASE_ROLLBACK);
    ActionContext ctx = dryRun ? baseCtx.forStep(key) : live(baseCtx, undo).forStep(key);
    ActionResult result;
    try {
      // an undo carries the values the agent read before the run: concrete, never templated, and
      // restored whatever the policy's bounds say (they bound changes, not returns to what was)
      Map<String, Object> args =
          undo ? step.args() : RunbookTemplates.render(step.args(), admitted.params());
      RemediationAction action =
          actions
              .find(step.action())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "action " + step.action() + " is not implemented"));
      result = action.run(ctx, new Args(args));
    } catch (KubernetesClientException e) {
      if (io.autoagent.tools.kube.KubeErrors.refused(e)) {
        result =
            ActionResult.failed(
                "the API refused ("
                    + e.getCode()
                    + "): "
                    + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage()));
      } else {
        throw new RetriableException("Kubernetes API unavailable during step " + step.name(), e);
      }
    } catch (SystemUnavailableException e) {
      result = ActionResult.failed(UNAVAILABLE_PREFIX + e.getMessage());
    } catch (IllegalArgumentException | IllegalStateException e) {
      // a missing object, a bad argument, Argo CD not configured: the step fails, the agent does
      // not
      result = ActionResult.failed(String.valueOf(e.getMessage()));
    }
    StepStatus status = result.ok() ? StepStatus.SUCCEEDED : StepStatus.FAILED;
    String output = dryRun && result.ok() ? DryRunWording.of(result.output()) : result.output();
    if (!dryRun) {
      log.info(
          "Execution {} {} {} ({}): {}",
          request.executionId(),
          phase,
          step.name(),
          step.action(),
          result.ok() ? result.output() : result.error());
    }
    return new StepReport(
        index,
        phase,
        step.name(),
        step.action(),
        status,
        output,
        result.error(),
        started,
        clock.instant(),
        result.changes(),
        result.undo());
  }

  private static ActionContext live(ActionContext c, boolean undo) {
    return new ActionContext(
        c.client(),
        false,
        false,
        c.clock(),
        c.pollInterval(),
        c.argo(),
        c.events(),
        undo ? io.autoagent.tools.remediation.policy.PolicyLimits.NONE : c.limits(),
        c.protectedNamespaces(),
        c.earlierChanges(),
        c.checks(),
        c.executionId(),
        c.stepKey());
  }

  /** Records a step, then announces it: the record is the truth a restarted agent resumes from. */
  private void save(StepReport r) {
    record = record.withStep(r, clock.instant());
    revision = store.update(record, revision);
    String prefix = r.phase().equals(StepReport.PHASE_STEP) ? "-step-" : "-rollback-";
    audit.step(
        request,
        r,
        "execution-" + request.executionId() + prefix + r.index() + "-" + r.status().wire());
  }

  /**
   * A {@code running} result as a step starts: the steps so far and this one, planned. Its sequence
   * is 2 per step already recorded, so a resumed run announces the same event with the same
   * sequence (and the same message id).
   */
  private void announceStart(Runbook.Step step, int index, String phase) {
    List<StepReport> steps = new ArrayList<>(record.steps());
    steps.add(
        new StepReport(
            index,
            phase,
            step.name(),
            step.action(),
            StepStatus.PLANNED,
            null,
            null,
            clock.instant(),
            null,
            List.of(),
            null));
    audit.running(progress(steps), 2 * record.steps().size());
  }

  /** A {@code running} result as the step just recorded ends. */
  private void announceEnd() {
    audit.running(progress(record.steps()), 2 * record.steps().size() - 1);
  }

  private ExecutionReport progress(List<StepReport> steps) {
    List<StepReport> ordered = new ArrayList<>(steps);
    ordered.sort(
        Comparator.comparing((StepReport s) -> s.phase().equals(StepReport.PHASE_STEP) ? 0 : 1)
            .thenComparingInt(StepReport::index));
    return new ExecutionReport(
        request, ExecutionStatus.RUNNING, false, ordered, List.of(), List.of(), null, null, null);
  }

  List<FieldChange> changesSoFar() {
    return record.steps().stream().flatMap(s -> s.changes().stream()).toList();
  }

  private void pause() {
    try {
      Thread.sleep(baseCtx.pollInterval());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetriableException("interrupted while verifying", e);
    }
  }
}

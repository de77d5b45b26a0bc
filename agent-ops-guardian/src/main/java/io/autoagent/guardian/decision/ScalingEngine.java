package io.autoagent.guardian.decision;

import io.autoagent.guardian.advisor.AdvisorRequest;
import io.autoagent.guardian.advisor.GuardedAdvisor;
import io.autoagent.guardian.advisor.ValidatedAdvice;
import io.autoagent.guardian.calendar.BusinessCalendar;
import io.autoagent.guardian.calendar.CalendarContext;
import io.autoagent.guardian.config.GuardianConfig;
import io.autoagent.guardian.config.WorkloadOverrides;
import io.autoagent.guardian.forecast.Forecast;
import io.autoagent.guardian.forecast.LoadForecaster;
import io.autoagent.guardian.signals.LoadSeries;
import io.autoagent.guardian.signals.Observation;
import io.autoagent.guardian.signals.WorkloadHistory;
import io.autoagent.guardian.signals.WorkloadRef;
import io.autoagent.guardian.signals.WorkloadSample;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Ops Guardian's decision core: one {@link Observation} in, one {@link Decision} out. It
 * records history, forecasts, applies the rules, the calendar, the optional advisor, bounds, safety
 * gates, damping and shadow mode. It never talks to the cluster: the runtime acts on a SCALE
 * decision and then reports it with {@link #applied}.
 *
 * <p>Thread-safety: calls for one workload must not overlap (the runtime's loop is sequential per
 * workload); different workloads may be decided concurrently.
 */
public final class ScalingEngine {

  private final GuardianConfig config;
  private final Clock clock;
  private final BusinessCalendar calendar;
  private final RuleEngine rules;
  private final Predictor predictor;
  private final GuardedAdvisor advisor;
  private final Map<WorkloadRef, WorkloadState> states = new ConcurrentHashMap<>();
  private final Map<WorkloadRef, WorkloadOverrides> overrides = new ConcurrentHashMap<>();

  public ScalingEngine(
      GuardianConfig config, Clock clock, LoadForecaster forecaster, GuardedAdvisor advisor) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.calendar = new BusinessCalendar(config.calendar(), clock);
    this.rules = new RuleEngine(config.thresholds());
    this.predictor = new Predictor(forecaster, config.forecast());
    this.advisor = Objects.requireNonNull(advisor, "advisor");
  }

  public Decision decide(Observation observation) {
    Instant now = clock.instant();
    WorkloadRef ref = observation.workload();
    WorkloadState state = state(ref);
    WorkloadOverrides own = overrides.getOrDefault(ref, WorkloadOverrides.NONE);
    WorkloadPolicy policy = own.applyTo(config.policyFor(ref));
    RuleEngine rules =
        own.sloMs() == null
            ? this.rules
            : new RuleEngine(config.thresholds().withLatencyObjective(own.sloMs()));
    WorkloadSample sample = observation.sample();
    double demand = state.estimator.demandPods(sample);
    state.measureStartup(now, sample.readyReplicas());
    state.history.append(sample, demand);
    Optional<Forecast> forecast = predictor.update(state);

    Optional<Decision> gated = SafetyGate.check(observation.status());
    if (gated.isPresent()) {
      return gated.get();
    }
    int current = sample.desiredReplicas();
    if (current == 0) {
      return Decision.hold("scaled to zero by an operator; not managed");
    }
    CalendarContext cal = calendar.at(now);
    RuleVerdict verdict = rules.evaluate(sample, demand, cal, policy);
    Proposal proposal = propose(ref, state, policy, rules, cal, verdict, forecast, demand, own);
    int target = policy.clamp(proposal.target());
    String reason =
        target == proposal.target()
            ? proposal.reason()
            : proposal.reason()
                + " (bounded to "
                + policy.minReplicas()
                + ".."
                + policy.maxReplicas()
                + ")";
    boolean confident =
        quantileScaled(policy)
            && state.predictive(now, own.budgetRatio(), own.sloMs()).forecaster().confident();
    Damper.Damped damped =
        confident
            ? state.damper.damp(current, target, now, false, CONFIDENT_DOWN, CONFIDENT_DOWN)
            : state.damper.damp(current, target, now, policy.mode() == Mode.CONSERVATIVE);
    if (target == current) {
      return Decision.hold(reason);
    }
    if (damped.isDeferred()) {
      return Decision.deferred(
          damped.deferral() + ": wanted " + current + " -> " + target + " (" + reason + ")",
          damped.retryAfter());
    }
    Decision decision =
        Decision.scale(current, damped.target(), reason, proposal.confidence(), proposal.basis());
    return policy.shadow() ? Decision.shadow(decision) : decision;
  }

  private Proposal propose(
      WorkloadRef ref,
      WorkloadState state,
      WorkloadPolicy policy,
      RuleEngine rules,
      CalendarContext cal,
      RuleVerdict verdict,
      Optional<Forecast> forecast,
      double demand,
      WorkloadOverrides own) {
    Proposal proposal =
        new Proposal(
            verdict.target(), Decision.Basis.RULES, verdict.reason(), verdict.confidence());
    if (quantileScaled(policy)) {
      PredictiveScaler scaler = state.predictive(clock.instant(), own.budgetRatio(), own.sloMs());
      WorkloadSample s = state.history.latest().orElseThrow();
      int predicted =
          scaler.decide(clock.instant(), demand, s.readyReplicas(), s.desiredReplicas());
      // as AWS predictive scaling: the forecast sets the capacity, the reactive rules only add
      int target =
          verdict.direction() == Direction.UP ? Math.max(verdict.target(), predicted) : predicted;
      double coverage = scaler.forecaster().confident() ? 0.9 : 0.6;
      proposal =
          new Proposal(
              target,
              target == verdict.target() && verdict.direction() == Direction.UP
                  ? Decision.Basis.RULES
                  : Decision.Basis.PREDICTION,
              String.format(
                  Locale.ROOT,
                  "quantile forecast: %d pods for the next %d s of load"
                      + " (%s, lead time %d s)%s",
                  predicted,
                  scaler.leadTimeSeconds() + 30,
                  scaler.forecaster().method().name().toLowerCase(Locale.ROOT),
                  scaler.leadTimeSeconds(),
                  verdict.direction() == Direction.UP ? "; rules: " + verdict.reason() : ""),
              coverage);
    } else if (policy.mode().usesForecasts() && policy.predictive() && forecast.isPresent()) {
      Forecast f = forecast.get();
      int predicted = rules.sized(Math.max(f.peak(), 0));
      double mape = state.accuracy.mape();
      double confidence = Double.isNaN(mape) ? 0.5 : Math.max(0.3, Math.min(0.95, 1 - mape));
      proposal =
          proposal.raiseTo(
              predicted,
              Decision.Basis.PREDICTION,
              String.format(
                  Locale.ROOT,
                  "forecast peak %.2f pods of load within %d min (%s, MAPE %s)",
                  f.peak(),
                  config.forecast().horizon().toMinutes(),
                  f.method().name().toLowerCase(Locale.ROOT),
                  Double.isNaN(mape) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", mape * 100)),
              confidence);
    }
    int floor = policy.calendarFloor(cal);
    proposal =
        proposal.raiseTo(
            floor,
            Decision.Basis.CALENDAR,
            "calendar floor " + floor + " for " + cal.active() + " upcoming " + cal.upcoming(),
            0.8);
    return advise(ref, state, policy, cal, verdict, proposal, forecast, floor);
  }

  private Proposal advise(
      WorkloadRef ref,
      WorkloadState state,
      WorkloadPolicy policy,
      CalendarContext cal,
      RuleVerdict verdict,
      Proposal proposal,
      Optional<Forecast> forecast,
      int floor) {
    if (!advisor.isEnabled()) {
      return proposal;
    }
    int current = state.history.latest().orElseThrow().desiredReplicas();
    List<WorkloadSample> samples = state.history.samples();
    int maxStep = policy.mode() == Mode.CONSERVATIVE ? 1 : config.damping().maxStep(current);
    AdvisorRequest request =
        new AdvisorRequest(
            ref,
            samples.subList(Math.max(0, samples.size() - 5), samples.size()),
            cal,
            current,
            proposal.target(),
            policy.minReplicas(),
            policy.maxReplicas(),
            maxStep,
            forecast.map(Forecast::peak).orElse(Double.NaN));
    Optional<ValidatedAdvice> advice = advisor.consult(request, config.advisorMinConfidence());
    if (advice.isEmpty()) {
      return proposal;
    }
    boolean downAllowed = !cal.isBusinessHours() || policy.mode().scalesDownInBusinessHours();
    int lowest =
        verdict.direction() == Direction.UP
            ? verdict.target()
            : downAllowed ? policy.minReplicas() : current;
    ValidatedAdvice a = advice.get();
    int target = Math.max(a.target(), Math.max(lowest, floor));
    String why =
        "advisor: "
            + a.reasoning()
            + (a.adjustments().isEmpty() ? "" : " [" + String.join("; ", a.adjustments()) + "]");
    return new Proposal(target, Decision.Basis.ADVISOR, why, a.confidence());
  }

  /**
   * Sets a workload's own policy (from its annotations); {@link WorkloadOverrides#NONE} goes back
   * to the configured one.
   */
  public void override(WorkloadRef workload, WorkloadOverrides own) {
    if (own == null || own.isEmpty()) {
      overrides.remove(workload);
    } else {
      overrides.put(workload, own);
    }
  }

  /**
   * The pod budget the workload's predictive scaler keeps to (a share of the HPA's replicas), once
   * it has one (aggressive, predictive workloads, after their first decision).
   */
  public Optional<Double> budgetRatio(WorkloadRef workload) {
    WorkloadState s = states.get(workload);
    return s == null || s.predictive == null
        ? Optional.empty()
        : Optional.of(s.predictive.settings().budgetRatio());
  }

  /** The workload's damper memory (cooldowns, windows), for the history bucket. */
  public Optional<Damper.State> damperState(WorkloadRef workload) {
    return Optional.ofNullable(states.get(workload)).map(s -> s.damper.state());
  }

  /** Restores damper memory saved by {@link #damperState}; call after {@link #restore}. */
  public void restoreDamper(WorkloadRef workload, Damper.State state) {
    state(workload).damper.restore(state);
  }

  private boolean quantileScaled(WorkloadPolicy policy) {
    return policy.mode().usesForecasts() && policy.predictive() && config.forecast().quantile();
  }

  /** Scale-down window and cooldown while the quantile forecast is calibrated. */
  private static final java.time.Duration CONFIDENT_DOWN = java.time.Duration.ofSeconds(60);

  /** Reports that the runtime carried out a SCALE decision, for cooldowns and step limits. */
  public void applied(WorkloadRef workload, Decision decision) {
    if (decision.isAction() && decision.toReplicas() > decision.fromReplicas()) {
      WorkloadState s = state(workload);
      s.upAt = clock.instant();
      s.upTarget = decision.toReplicas();
    }
    if (decision.isAction()) {
      state(workload)
          .damper
          .changed(decision.fromReplicas(), decision.toReplicas(), clock.instant());
    }
  }

  public Optional<WorkloadInsight> insight(WorkloadRef workload) {
    WorkloadState s = states.get(workload);
    if (s == null) {
      return Optional.empty();
    }
    Forecast f = s.forecast;
    return Optional.of(
        new WorkloadInsight(
            workload,
            s.accuracy.mape(),
            s.accuracy.demoted(),
            f == null ? null : f.method(),
            f == null ? Double.NaN : f.peak(),
            s.estimator.perPodRate()));
  }

  /** The workload's history as plain data, for the KV bucket. */
  public Optional<WorkloadHistory.Snapshot> snapshot(WorkloadRef workload) {
    return Optional.ofNullable(states.get(workload)).map(s -> s.history.snapshot());
  }

  /** Restores a history saved by {@link #snapshot}; call before the first decision. */
  public void restore(WorkloadHistory.Snapshot snapshot) {
    states.put(
        snapshot.workload(),
        new WorkloadState(WorkloadHistory.restore(snapshot), config.forecast(), config.damping()));
  }

  private WorkloadState state(WorkloadRef ref) {
    return states.computeIfAbsent(
        ref,
        r ->
            new WorkloadState(
                new WorkloadHistory(
                    r,
                    WorkloadHistory.DEFAULT_SAMPLE_CAPACITY,
                    new LoadSeries(
                        config.forecast().bucket(),
                        3 * 24 * 60 / config.forecast().bucketMinutes())),
                config.forecast(),
                config.damping()));
  }
}

package io.autoagent.guardian.loop;

import io.autoagent.core.AgentException;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.guardian.config.WorkloadOverrides;
import io.autoagent.guardian.coordination.Pause;
import io.autoagent.guardian.coordination.Pauses;
import io.autoagent.guardian.decision.Damper;
import io.autoagent.guardian.decision.Decision;
import io.autoagent.guardian.decision.ScalingEngine;
import io.autoagent.guardian.events.DecisionMetrics;
import io.autoagent.guardian.events.DecisionOutcome;
import io.autoagent.guardian.events.GuardianEvents;
import io.autoagent.guardian.history.HistoryStore;
import io.autoagent.guardian.history.KvHistoryStore;
import io.autoagent.guardian.kube.KubeReading;
import io.autoagent.guardian.signals.AppSignalReader;
import io.autoagent.guardian.signals.Observation;
import io.autoagent.guardian.signals.WorkloadRef;
import io.autoagent.guardian.signals.WorkloadSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One monitoring cycle: for each watched workload read its signals, decide, act when this replica
 * leads and the decision is a scale that no pause covers, tell the engine, publish the event and
 * save the history. A workload that cannot be read is skipped; the others go on.
 *
 * <p>Cycles never overlap ({@link #runCycle} is synchronized), which is what the engine asks of its
 * callers. Repeated state-like outcomes (blocked, delegated, an unchanged deferral) are published
 * once per change in periodic cycles; an explicit evaluation always publishes.
 */
public final class MonitorLoop {

  private static final Logger log = LoggerFactory.getLogger(MonitorLoop.class);

  private final ScalingEngine engine;
  private final WorkloadSource source;
  private final SignalReader reader;
  private final AppSignalReader app;
  private final Scaler scaler;
  private final Leadership leadership;
  private final Pauses pauses;
  private final GuardianEvents events;
  private final DecisionMetrics metrics;
  private final HistoryStore history;
  private final Set<WorkloadRef> restored = ConcurrentHashMap.newKeySet();
  private final Map<WorkloadRef, String> lastPublished = new ConcurrentHashMap<>();
  private final Map<WorkloadRef, Damper.State> savedDampers = new ConcurrentHashMap<>();
  private final Map<WorkloadRef, String> badAnnotations = new ConcurrentHashMap<>();
  private volatile String kubernetesState = "ok";
  private volatile List<WorkloadRef> lastWatched = List.of();

  public MonitorLoop(
      ScalingEngine engine,
      WorkloadSource source,
      SignalReader reader,
      AppSignalReader app,
      Scaler scaler,
      Leadership leadership,
      Pauses pauses,
      GuardianEvents events,
      DecisionMetrics metrics,
      HistoryStore history) {
    this.engine = engine;
    this.source = source;
    this.reader = reader;
    this.app = app;
    this.scaler = scaler;
    this.leadership = leadership;
    this.pauses = pauses;
    this.events = events;
    this.metrics = metrics;
    this.history = history;
  }

  /** A periodic cycle over every watched workload; never throws. */
  public void tick() {
    try {
      runCycle(Optional.empty(), null, null);
    } catch (RuntimeException e) {
      log.warn("Monitoring cycle failed: {}", e.toString());
    }
  }

  /**
   * Runs one cycle now.
   *
   * @param only one workload, or empty for all watched ones
   * @param correlationId carried by every event of the cycle; null gives each its own
   * @param messageIdPrefix makes event ids deterministic ({@code <prefix>-<ns.name>}) so that a
   *     redelivered command publishes nothing twice; null for periodic cycles
   */
  public synchronized CycleReport runCycle(
      Optional<WorkloadRef> only, String correlationId, String messageIdPrefix) {
    if (!leadership.isLeader()) {
      log.debug("Not the leader ({}); nothing to do", leadership.describe());
      if (only.isEmpty()) {
        // status requests reach every replica: a follower keeps its list current too
        watched();
      }
      return CycleReport.NOT_LEADER;
    }
    List<WorkloadRef> workloads;
    try {
      workloads = only.map(List::of).orElseGet(this::listWatched);
      kubernetesState = "ok";
    } catch (RuntimeException e) {
      // RetriableException, or a raw KubernetesClientException from the label query
      kubernetesState = "down";
      log.warn("Cannot list the watched workloads: {}", e.getMessage());
      return new CycleReport(true, List.of(), List.of("*: " + e.getMessage()));
    }
    List<Verdict> verdicts = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (WorkloadRef workload : workloads) {
      MDC.put("namespace", workload.namespace());
      MDC.put("app", workload.name());
      try {
        evaluate(workload, correlationId, messageIdPrefix)
            .ifPresentOrElse(verdicts::add, () -> unreadable.add(workload.toString()));
      } catch (AgentException e) {
        // a failed event publication: the decision stands, the next cycle reports again
        log.warn("Cycle for {} incomplete: {}", workload, e.getMessage());
      } finally {
        MDC.remove("namespace");
        MDC.remove("app");
      }
    }
    return new CycleReport(true, verdicts, unreadable);
  }

  private Optional<Verdict> evaluate(WorkloadRef workload, String correlationId, String prefix) {
    if (restored.add(workload)) {
      history.load(workload).ifPresent(engine::restore);
      // cooldowns and windows too, so a new leader does not undo or repeat the last change
      history
          .loadDamper(workload)
          .ifPresent(
              d -> {
                engine.restoreDamper(workload, d);
                savedDampers.put(workload, d);
              });
    }
    KubeReading reading;
    try {
      reading = reader.read(workload);
      kubernetesState = "ok";
    } catch (RetriableException e) {
      metrics.readFailed("retriable");
      log.warn("Signals of {} unavailable: {}", workload, e.getMessage());
      return Optional.empty();
    } catch (PermanentException e) {
      metrics.readFailed("permanent");
      log.warn("Cannot read {}: {}", workload, e.getMessage());
      return Optional.empty();
    }
    WorkloadOverrides own = overrides(workload, reading);
    engine.override(workload, own);
    WorkloadSample sample = reading.sample().withApp(app.read(workload, own.query()));
    Decision decision = engine.decide(new Observation(workload, sample, reading.status()));
    Optional<Pause> pause = decision.isAction() ? pauses.pausing(workload) : Optional.empty();
    DecisionOutcome outcome;
    String detail = null;
    if (pause.isPresent()) {
      outcome = DecisionOutcome.PAUSED;
    } else if (decision.isAction() && !leadership.isLeader()) {
      // lost the lease mid-cycle: the new leader decides again
      log.info("Lost leadership before scaling {}; leaving it to the new leader", workload);
      return Optional.of(new Verdict(workload, decision, DecisionOutcome.HELD));
    } else if (decision.isAction()) {
      try {
        scaler.scale(workload, decision.toReplicas());
        engine.applied(workload, decision);
        outcome = DecisionOutcome.SCALED;
        log.info(
            "Scaled {} from {} to {}: {}",
            workload,
            decision.fromReplicas(),
            decision.toReplicas(),
            decision.reason());
      } catch (AgentException e) {
        outcome = DecisionOutcome.FAILED;
        detail = e.getMessage();
        log.error("Scaling {} to {} failed: {}", workload, decision.toReplicas(), e.getMessage());
      }
    } else {
      outcome = outcomeOf(decision);
    }
    metrics.record(decision, outcome);
    history.save(engine.snapshot(workload).orElseThrow());
    engine
        .damperState(workload)
        .ifPresent(
            d -> {
              if (!d.equals(savedDampers.get(workload))) {
                history.saveDamper(workload, d);
                savedDampers.put(workload, d);
              }
            });
    publish(
        workload,
        decision,
        outcome,
        sample.desiredReplicas(),
        pause.orElse(null),
        detail,
        correlationId,
        prefix);
    return Optional.of(new Verdict(workload, decision, outcome));
  }

  private void publish(
      WorkloadRef workload,
      Decision decision,
      DecisionOutcome outcome,
      int replicas,
      Pause pause,
      String detail,
      String correlationId,
      String prefix) {
    if (outcome == DecisionOutcome.HELD) {
      lastPublished.remove(workload);
      return;
    }
    String signature = outcome + ":" + decision.reason();
    boolean stateLike =
        outcome != DecisionOutcome.SCALED
            && outcome != DecisionOutcome.FAILED
            && outcome != DecisionOutcome.PAUSED
            && outcome != DecisionOutcome.SHADOW;
    String previous = lastPublished.put(workload, signature);
    if (prefix == null && stateLike && signature.equals(previous)) {
      return;
    }
    if (outcome != DecisionOutcome.SCALED) {
      log.info("{} {}: {}", workload, outcome.tag(), decision.reason());
    }
    String messageId =
        prefix == null
            ? "decision-" + UUID.randomUUID()
            : prefix + "-" + KvHistoryStore.key(workload);
    String correlation =
        correlationId != null ? correlationId : pause != null ? pause.correlationId() : null;
    events.decision(messageId, correlation, workload, decision, outcome, replicas, pause, detail);
  }

  /** The workload's annotations as a policy; invalid ones are ignored (and logged once). */
  private WorkloadOverrides overrides(WorkloadRef workload, KubeReading reading) {
    try {
      WorkloadOverrides own = WorkloadOverrides.from(reading.annotations());
      badAnnotations.remove(workload);
      return own;
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().equals(badAnnotations.put(workload, e.getMessage()))) {
        log.warn("Ignoring the annotations of {}: {}", workload, e.getMessage());
      }
      return WorkloadOverrides.NONE;
    }
  }

  private static DecisionOutcome outcomeOf(Decision decision) {
    return switch (decision.kind()) {
      case SCALE -> DecisionOutcome.SCALED;
      case HOLD -> DecisionOutcome.HELD;
      case DEFERRED -> DecisionOutcome.DEFERRED;
      case BLOCKED -> DecisionOutcome.BLOCKED;
      case DELEGATED -> DecisionOutcome.DELEGATED;
      case SHADOW -> DecisionOutcome.SHADOW;
    };
  }

  /** Reload histories from the store before the next decisions (this replica just took over). */
  public void forgetRestored() {
    restored.clear();
    savedDampers.clear();
    lastPublished.clear();
  }

  /** {@code ok} or {@code down}, from the last Kubernetes call of a cycle. */
  public String kubernetesState() {
    return kubernetesState;
  }

  /**
   * The workloads under watch now, asked of the cluster (a Kubernetes list call when the Guardian
   * watches labelled Deployments); empty when they cannot be listed.
   */
  public List<WorkloadRef> watched() {
    try {
      return listWatched();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /**
   * The workloads the last cycle or {@link #watched()} listed, without asking the cluster: for
   * status replies, which must not wait on the Kubernetes API (a slow list call made the status
   * endpoint miss its callers' timeouts). Empty until the first listing.
   */
  public List<WorkloadRef> lastWatched() {
    return lastWatched;
  }

  private List<WorkloadRef> listWatched() {
    List<WorkloadRef> listed = List.copyOf(source.workloads());
    lastWatched = listed;
    return listed;
  }
}

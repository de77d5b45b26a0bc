package io.autoagent.tools.kube;

import io.autoagent.core.logging.MdcExecutor;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.EvidenceSource;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.SourceReport;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evidence from the Kubernetes cluster: resolves the alerted service to its Deployment or
 * StatefulSet, snapshots its ReplicaSets, Pods, Nodes, Events, quotas and autoscalers, runs the
 * {@link FailureDetector}s over the snapshot and reports the workload's live state with rollback
 * feasibility.
 *
 * <p>After {@link #start()}, analyses of watched namespaces are served from informer caches; until
 * those have synced (and for namespaces that are not cached) reads go straight to the API. Logs and
 * metrics are read on demand, each bounded by {@link KubeOptions#logTimeout()}. The collection runs
 * in the caller's thread, bounded by the caller's deadline (the analysis timeout), not by one of
 * its own: an unreachable API yields {@link SourceReport#unavailable} and makes {@link #healthy()}
 * false until the API answers again. Thread-safe.
 */
public final class KubernetesEvidenceSource implements EvidenceSource {

  public static final String NAME = "kubernetes";
  private static final Logger log = LoggerFactory.getLogger(KubernetesEvidenceSource.class);

  private final KubeOptions options;
  private final Clock clock;

  /** Runs on-demand reads (logs, metrics) beside the collection, with the alert's MDC. */
  private final ExecutorService executor =
      MdcExecutor.wrap(Executors.newVirtualThreadPerTaskExecutor());

  private final ApiReader api;
  private final InformerCache cache;
  private final SnapshotCollector collector;
  private final NetworkReads networkReads;
  private final List<FailureDetector> detectors;
  private volatile boolean started;

  /** Per namespace: collections in which a live read failed (see {@link #stateToken}). */
  private final java.util.concurrent.ConcurrentHashMap<
          String, java.util.concurrent.atomic.AtomicLong>
      failedCollections = new java.util.concurrent.ConcurrentHashMap<>();

  private volatile boolean apiReachable = true;

  /** With log scans remembered by a memo of its own, sized for {@link KubeOptions#logBytes()}. */
  public KubernetesEvidenceSource(KubernetesClient client, KubeOptions options) {
    this(client, options, LogSignals.forLogBytes(options.logBytes()));
  }

  /**
   * @param signals the log scans, remembered across analyses: made where the sources are wired,
   *     {@link LogSignals#forLogBytes} with the same {@link KubeOptions#logBytes()}
   */
  public KubernetesEvidenceSource(
      KubernetesClient client, KubeOptions options, LogSignals signals) {
    this(client, options, Clock.systemUTC(), signals);
  }

  KubernetesEvidenceSource(
      KubernetesClient client, KubeOptions options, Clock clock, LogSignals signals) {
    Objects.requireNonNull(client, "client");
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(signals, "signals");
    this.detectors = Detectors.all(signals);
    this.api = new ApiReader(client);
    this.cache = new InformerCache(client, options.watchNamespaces());
    OnDemandReads onDemand = new OnDemandReads(client, options, executor);
    this.networkReads =
        new NetworkReads(client, onDemand, clock, options.watchNamespaces().isEmpty());
    this.collector =
        new SnapshotCollector(
            onDemand,
            networkReads,
            new LiveEvidenceReader(client, onDemand, clock),
            new PlacementReads(client, clock, onDemand::failed),
            ns -> options.watchNamespaces().isEmpty() || options.watchNamespaces().contains(ns),
            signals);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Starts the informers; returns at once. Analyses read from the API until they have synced. */
  @Override
  public synchronized void start() {
    if (started) {
      return;
    }
    cache.start();
    // ask API discovery for the Gateway API (and read the routes) now, not in the first alerts
    executor.submit(networkReads::warmUp);
    started = true;
    log.info(
        "Kubernetes informers started for namespaces {}",
        options.watchNamespaces().isEmpty() ? "(all)" : options.watchNamespaces());
  }

  /** Whether analyses of this namespace are served from synced caches right now. */
  boolean servesFromCache(String namespace) {
    return started && cache.serves(namespace);
  }

  /**
   * While the namespace is served from synced caches: the changes its informers (and the
   * cluster-scoped ones) have taken, and the collections of the namespace in which a live read
   * failed. So an analysis is reused only while nothing it read from the caches changed, and one
   * that went on without a read that failed is not reused (the caller reads the token again when
   * the analysis ends). Reads made live on each analysis that succeed are not tracked: a reused
   * analysis holds them as they were, at most {@code ANALYSIS_REUSE_MS} ago (see docs/pipeline.md
   * for the list). Null (never reused) while the namespace is read straight from the API.
   */
  @Override
  public Object stateToken(Alert alert) {
    return servesFromCache(alert.namespace())
        ? new StateToken(cache.generation(alert.namespace()), failedCollections(alert.namespace()))
        : null;
  }

  private long failedCollections(String namespace) {
    java.util.concurrent.atomic.AtomicLong failed = failedCollections.get(namespace);
    return failed == null ? 0 : failed.get();
  }

  /** What a Kubernetes analysis of a namespace depends on beyond the alert. */
  record StateToken(Generations.State cached, long failedCollections) {}

  /**
   * Reads in the calling thread: the caller's deadline (the analysis timeout) is the only bound on
   * the whole collection, and interrupts this thread when it passes.
   */
  @Override
  public SourceReport collect(Alert alert) {
    try {
      SourceReport report = collectNow(alert);
      apiReachable = true;
      return report;
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        // the caller's deadline passed while the API was being read
        apiReachable = false;
        return SourceReport.unavailable(NAME, "interrupted while reading from Kubernetes");
      }
      SourceReport report = KubeFailures.report(NAME, e);
      apiReachable = report.status() != SourceReport.Status.UNAVAILABLE;
      log.warn(
          "Reading {}/{} from Kubernetes failed: {}",
          alert.namespace(),
          alert.service(),
          report.detail());
      return report;
    }
  }

  private SourceReport collectNow(Alert alert) {
    OnDemandReads.countFailures();
    try {
      return collectCounted(alert);
    } finally {
      if (OnDemandReads.failuresCounted() > 0) {
        failedCollections
            .computeIfAbsent(alert.namespace(), n -> new java.util.concurrent.atomic.AtomicLong())
            .incrementAndGet();
      }
    }
  }

  private SourceReport collectCounted(Alert alert) {
    ClusterReader reader = servesFromCache(alert.namespace()) ? cache : api;
    Optional<HasMetadata> workload = SnapshotCollector.resolve(reader, alert);
    if (workload.isEmpty()) {
      return SourceReport.notFound(
          NAME,
          "No Deployment, StatefulSet, DaemonSet, CronJob or Job named or labelled "
              + alert.service()
              + " in namespace "
              + alert.namespace());
    }
    WorkloadSnapshot snapshot = collector.collect(reader, alert, workload.get(), clock.instant());
    List<Finding> findings =
        WorkloadStates.withRevisions(snapshot, Detectors.run(detectors, snapshot));
    return SourceReport.ok(
        NAME, findings, WorkloadStates.changes(snapshot), WorkloadStates.of(snapshot));
  }

  /**
   * Whether the API is reachable: once started, whether every informer is watching; before, whether
   * the last collection reached the API.
   */
  @Override
  public boolean healthy() {
    return started ? cache.watching() : apiReachable;
  }

  @Override
  public void close() {
    cache.close();
    executor.shutdownNow();
  }
}

package io.autoagent.tools.git;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Change;
import io.autoagent.tools.analysis.EvidenceSource;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.drift.Drift;
import io.autoagent.tools.drift.LiveCluster;
import io.autoagent.tools.drift.ManifestLinter;
import io.autoagent.tools.drift.WorkloadSpec;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evidence from the git repository that declares the cluster: the service's manifests, the commits
 * that touched them within {@link GitOptions#lookback()} before the alert (as structured {@code
 * changes[]}), CONFIG_DRIFT against the live workload read through {@link LiveCluster}, and LOW
 * findings from {@link ManifestLinter}.
 *
 * <p>With {@link GitOptions#repoUrl()} set, {@link #start()} clones in the background and fetches
 * every {@link GitOptions#syncInterval()}; until the clone exists, {@link #collect} answers
 * unavailable. Without it the local repository is read as it is. A failed fetch keeps the last
 * fetched state in use and makes {@link #healthy()} false. Never pushes. Thread-safe.
 *
 * <p>BAD_CHANGE is not decided here, since this source does not see the Kubernetes findings: see
 * {@link ChangeCorrelator}, which reads the revision before each change from this source's report
 * ({@link SourceReport#previousRevisions()}), never from the source.
 */
public final class GitEvidenceSource implements EvidenceSource {

  public static final String NAME = "git";
  private static final Logger log = LoggerFactory.getLogger(GitEvidenceSource.class);

  private final GitOptions options;
  private final LiveCluster live;
  private final Clock clock;
  private final ScheduledExecutorService sync =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("git-sync").unstarted(r));
  private final Object openLock = new Object();
  private volatile GitRepository repository;
  private volatile Index index;
  private volatile boolean reachable = true;
  private volatile String lastFailure;

  /** The tree of one commit, parsed once and shared by every analysis while HEAD stays there. */
  private record Index(ObjectId head, Map<String, String> yamlFiles) {}

  public GitEvidenceSource(GitOptions options, LiveCluster live) {
    this(options, live, Clock.systemUTC());
  }

  GitEvidenceSource(GitOptions options, LiveCluster live, Clock clock) {
    this.options = Objects.requireNonNull(options, "options");
    this.live = Objects.requireNonNull(live, "live");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private final java.util.concurrent.atomic.AtomicBoolean started =
      new java.util.concurrent.atomic.AtomicBoolean();

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Clones (when needed) and schedules fetches; returns at once. Without a remote, does nothing.
   */
  @Override
  public void start() {
    if (options.repoUrl() == null || !started.compareAndSet(false, true)) {
      return;
    }
    long every = options.syncInterval().toMillis();
    sync.scheduleWithFixedDelay(this::syncNow, 0, every, TimeUnit.MILLISECONDS);
  }

  /** Clones or fetches now; what the scheduled task runs. Package-private for tests. */
  void syncNow() {
    try {
      GitRepository repo = repository;
      if (repo == null) {
        repository();
      } else {
        repo.fetch();
      }
      reachable = true;
      lastFailure = null;
    } catch (IOException | GitAPIException | RuntimeException e) {
      reachable = false;
      lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
      log.warn("Syncing {} failed: {}", options.repoUrl(), lastFailure);
    }
  }

  private GitRepository repository() throws IOException, GitAPIException {
    synchronized (openLock) {
      if (repository == null) {
        repository = GitRepository.open(options);
      }
      return repository;
    }
  }

  /**
   * The commit the analysis would read (HEAD, or the fetched branch): a new commit or fetch ends
   * the reuse of an analysis. The live workload the drift check compares against is the Kubernetes
   * source's to track. Null until the repository is open, or when its HEAD cannot be read.
   */
  @Override
  public Object stateToken(Alert alert) {
    GitRepository repo = repository;
    if (repo == null) {
      return null;
    }
    try {
      return repo.head().map(ObjectId::name).orElse("no commits");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public SourceReport collect(Alert alert) {
    GitRepository repo;
    try {
      repo = options.repoUrl() != null ? repository : repository();
    } catch (IOException | GitAPIException | RuntimeException e) {
      reachable = false;
      log.warn("Cannot open git repository {}: {}", options.repoPath(), e.toString());
      return SourceReport.unavailable(
          NAME, "cannot open git repository " + options.repoPath() + ": " + e.getMessage());
    }
    if (repo == null) {
      return SourceReport.unavailable(
          NAME,
          "git repository "
              + options.repoUrl()
              + " is not cloned yet"
              + (lastFailure == null ? "" : " (" + lastFailure + ")"));
    }
    try {
      SourceReport report = collect(repo, alert);
      if (options.repoUrl() == null) {
        reachable = true;
      }
      return report;
    } catch (IOException | RuntimeException e) {
      log.warn("Reading git history for {}/{} failed", alert.namespace(), alert.service(), e);
      return SourceReport.error(
          NAME, "reading git repository " + options.repoPath() + " failed: " + e);
    }
  }

  private SourceReport collect(GitRepository repo, Alert alert) throws IOException {
    Optional<ObjectId> head = repo.head();
    if (head.isEmpty()) {
      return new SourceReport(
          NAME, SourceReport.Status.OK, null, null, null, "the repository has no commits");
    }
    ServiceManifests manifests =
        ServiceManifests.find(
            index(repo, head.get()).yamlFiles(), alert.namespace(), alert.service());
    if (manifests.isEmpty()) {
      return new SourceReport(
          NAME,
          SourceReport.Status.OK,
          null,
          null,
          null,
          "no manifest in git names or labels " + alert.service());
    }
    Instant until = alert.startedAt() != null ? alert.startedAt() : clock.instant();
    List<Change> changes = new ArrayList<>();
    Map<String, String> previous = new LinkedHashMap<>();
    for (GitRepository.CommitDiff commit :
        repo.commitsTouching(
            head.get(), manifests.paths(), until.minus(options.lookback()), until)) {
      changes.add(change(commit));
      if (commit.parent() != null) {
        previous.put(commit.id(), commit.parent());
      }
    }
    List<Finding> findings = new ArrayList<>(drift(manifests, alert, head.get()));
    Optional<LiveCluster.KubeVersion> version = live.serverVersion();
    manifests
        .documents()
        .forEach(l -> findings.addAll(ManifestLinter.lint(l.file(), l.doc(), version)));
    return SourceReport.ok(NAME, findings, changes, null).withPreviousRevisions(previous);
  }

  static Change change(GitRepository.CommitDiff commit) {
    List<ChangeItem> items = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (GitRepository.FileDiff f : commit.files()) {
      files.add(f.path());
      items.addAll(ManifestDiff.diff(f.path(), f.before(), f.after()));
    }
    String summary = items.isEmpty() ? "other: " + commit.message() : ChangeSummary.format(items);
    return new Change(NAME, commit.id(), commit.author(), commit.time(), summary, files);
  }

  private List<Finding> drift(ServiceManifests manifests, Alert alert, ObjectId head) {
    Optional<ServiceManifests.Located> declared = manifests.workload(alert.service());
    if (declared.isEmpty()) {
      return List.of();
    }
    Optional<WorkloadSpec> spec = WorkloadSpec.fromManifest(declared.get().doc());
    Optional<LiveCluster.LiveWorkload> running = live.workload(alert.namespace(), alert.service());
    if (spec.isEmpty() || running.isEmpty()) {
      return List.of();
    }
    return Drift.finding(
            running.get().spec(),
            alert.namespace(),
            Drift.compare(
                spec.get(), running.get().spec(), running.get().replicasOwnedByAutoscaler()),
            "git (" + declared.get().file() + " at " + head.abbreviate(7).name() + ")")
        .map(List::of)
        .orElse(List.of());
  }

  private Index index(GitRepository repo, ObjectId head) throws IOException {
    Index current = index;
    if (current != null && current.head().equals(head)) {
      return current;
    }
    Index fresh = new Index(head.copy(), Map.copyOf(repo.yamlFiles(head)));
    index = fresh;
    return fresh;
  }

  /** Whether the repository could be read, and the last fetch (when fetching) succeeded. */
  @Override
  public boolean healthy() {
    return reachable;
  }

  @Override
  public void close() {
    sync.shutdownNow();
    GitRepository repo = repository;
    if (repo != null) {
      repo.close();
    }
  }
}

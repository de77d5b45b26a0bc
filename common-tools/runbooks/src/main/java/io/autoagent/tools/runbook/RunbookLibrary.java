package io.autoagent.tools.runbook;

import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.nats.client.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runbooks in use, loaded from a directory ({@code RUNBOOK_DIR}) and, when a NATS connection is
 * given, from the JetStream KV bucket {@value #DEFAULT_BUCKET}, whose entries override files with
 * the same id. Both sources are watched: a changed file or KV entry is validated and, when valid,
 * swapped in with a new {@link RunbookSnapshot}; when refused, the last good version stays and the
 * {@link RunbookRejectionListener} is told.
 *
 * <p>Thread-safe: readers get immutable snapshots; every change is applied by one worker thread.
 * Close it to stop watching (the NATS connection stays open; its owner closes it).
 */
public final class RunbookLibrary implements AutoCloseable {

  public static final String DEFAULT_BUCKET = "runbooks";

  private static final Logger log = LoggerFactory.getLogger(RunbookLibrary.class);

  private final Path directory;
  private final RunbookSources sources;

  /**
   * Quiet time after a directory event before rescanning, so a file being written is read whole.
   */
  static final Duration SETTLE = Duration.ofMillis(200);

  private final ScheduledExecutorService worker;
  private final AtomicBoolean rescanPending = new AtomicBoolean();
  private final DirectoryWatch directoryWatch;
  private final KvWatch kvWatch;
  private volatile RunbookSnapshot snapshot;
  private long version;

  private RunbookLibrary(Builder b) {
    this.directory = b.directory;
    this.sources = new RunbookSources(b.validator, b.listener, b.bucket);
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("runbook-library").unstarted(r));
    this.snapshot = new RunbookSnapshot(List.of(), List.of(), 0);
    try {
      if (b.builtIn) {
        Map<String, String> shipped = BuiltInRunbooks.load();
        submitAndWait(() -> apply(sources.loadBuiltIn(shipped)), Duration.ofMinutes(1));
      }
      if (directory != null) {
        submitAndWait(() -> apply(sources.scan(directory)), Duration.ofMinutes(1));
      }
      this.directoryWatch =
          directory != null && b.watchDirectory
              ? DirectoryWatch.start(directory, this::reloadAsync)
              : null;
      this.kvWatch = b.stores != null ? KvWatch.start(b.stores, b.bucket, this) : null;
      if (kvWatch != null && !kvWatch.awaitInitialLoad(b.initialLoadTimeout)) {
        log.warn(
            "KV bucket {} did not finish its initial load within {}; continuing with what arrived",
            b.bucket,
            b.initialLoadTimeout);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    log.info(
        "Runbook library ready: {} runbooks, {} errors",
        snapshot.all().size(),
        snapshot.errors().size());
  }

  /**
   * How many runbooks in use come from each origin: {@code built-in}, the directory (its path), and
   * {@code kv:<bucket>}; origins with none are left out.
   */
  public Map<String, Integer> origins() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Runbook r : snapshot.all()) {
      String source = r.source();
      String origin =
          source.startsWith(BuiltInRunbooks.SOURCE_PREFIX)
              ? "built-in"
              : source.startsWith("kv:")
                  ? source.substring(
                      0, source.indexOf('/') < 0 ? source.length() : source.indexOf('/'))
                  : String.valueOf(directory);
      counts.merge(origin, 1, Integer::sum);
    }
    return counts;
  }

  /** The directory this library reads; null when it has none. */
  public Path directory() {
    return directory;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A library over a directory, watched for changes, without KV. */
  public static RunbookLibrary fromDirectory(Path directory) {
    return builder().directory(directory).build();
  }

  /** The errors of every runbook document of a directory, for {@code runbooks validate}. */
  public static List<RunbookError> validateDirectory(Path directory) {
    try (RunbookLibrary lib = builder().directory(directory).watchDirectory(false).build()) {
      return lib.errors();
    }
  }

  /** The runbooks in use now; keep it for a consistent view across several calls. */
  public RunbookSnapshot snapshot() {
    return snapshot;
  }

  public Optional<Runbook> find(String id) {
    return snapshot.find(id);
  }

  public List<Runbook> all() {
    return snapshot.all();
  }

  public List<RunbookError> errors() {
    return snapshot.errors();
  }

  /** Re-reads the directory now and returns when the result is in use. */
  public void reload() {
    if (directory != null) {
      submitAndWait(() -> apply(sources.scan(directory)), Duration.ofMinutes(1));
    }
  }

  private void reloadAsync() {
    if (rescanPending.compareAndSet(false, true)) {
      try {
        worker.schedule(
            () -> {
              rescanPending.set(false);
              try {
                apply(sources.scan(directory));
              } catch (RuntimeException e) {
                log.error("Rescanning {} failed; keeping the previous runbooks", directory, e);
              }
            },
            SETTLE.toMillis(),
            TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        log.debug("Runbook library closed; rescan dropped");
      }
    }
  }

  /** Runs a change on the worker thread; ignored once closed. */
  void submit(Runnable change) {
    if (!worker.isShutdown()) {
      try {
        worker.execute(
            () -> {
              try {
                change.run();
              } catch (RuntimeException e) {
                log.error("Runbook library update failed; keeping the previous runbooks", e);
              }
            });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        log.debug("Runbook library closed; change dropped");
      }
    }
  }

  RunbookSources sources() {
    return sources;
  }

  /** Called on the worker thread after a source changed. */
  void apply(boolean changed) {
    if (changed) {
      RunbookSnapshot next = sources.snapshot(++version);
      snapshot = next;
      log.info(
          "Runbook library v{}: {} runbooks, {} errors",
          next.version(),
          next.all().size(),
          next.errors().size());
    }
  }

  private void submitAndWait(Runnable r, Duration timeout) {
    Future<?> f = worker.submit(r);
    try {
      f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetriableException("interrupted while loading runbooks", e);
    } catch (TimeoutException e) {
      throw new RetriableException("loading runbooks took longer than " + timeout, e);
    } catch (ExecutionException e) {
      throw new PermanentException("loading runbooks failed: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public void close() {
    if (kvWatch != null) {
      kvWatch.close();
    }
    if (directoryWatch != null) {
      directoryWatch.close();
    }
    worker.shutdown();
    try {
      if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      worker.shutdownNow();
    }
  }

  /** Options of a library; only the directory or the connection is needed. */
  public static final class Builder {
    private Path directory;
    private boolean builtIn;
    private boolean watchDirectory = true;
    private io.autoagent.core.messaging.JetStreamStores stores;
    private String bucket = DEFAULT_BUCKET;
    private RunbookRejectionListener listener = RunbookRejectionListener.NOOP;
    private RunbookValidator validator;
    private Duration initialLoadTimeout = Duration.ofSeconds(10);

    private Builder() {}

    /** The runbook directory; a missing directory counts as empty. */
    public Builder directory(Path directory) {
      this.directory = directory;
      return this;
    }

    /**
     * Whether to start from the runbooks built into the jar ({@link BuiltInRunbooks}); the
     * directory and the KV bucket override them by id. False by default.
     */
    public Builder builtIn(boolean builtIn) {
      this.builtIn = builtIn;
      return this;
    }

    /** Whether to watch the directory for changes; true by default. */
    public Builder watchDirectory(boolean watch) {
      this.watchDirectory = watch;
      return this;
    }

    /** Also load and watch the KV bucket over this connection, creating the bucket if missing. */
    public Builder connection(Connection connection) {
      this.stores =
          connection == null ? null : io.autoagent.core.messaging.JetStreamStores.of(connection);
      return this;
    }

    /** Also load and watch the KV bucket, creating it if missing with the stores' replica count. */
    public Builder stores(io.autoagent.core.messaging.JetStreamStores stores) {
      this.stores = stores;
      return this;
    }

    public Builder bucket(String bucket) {
      this.bucket = Objects.requireNonNull(bucket, "bucket");
      return this;
    }

    public Builder rejectionListener(RunbookRejectionListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public Builder validator(RunbookValidator validator) {
      this.validator = Objects.requireNonNull(validator, "validator");
      return this;
    }

    /** How long {@link #build()} waits for the KV bucket's existing entries; 10 s by default. */
    public Builder initialLoadTimeout(Duration timeout) {
      this.initialLoadTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Loads every source, starts watching and returns when the initial runbooks are in use. */
    public RunbookLibrary build() {
      if (directory == null && stores == null && !builtIn) {
        throw new IllegalStateException(
            "a runbook library needs built-in runbooks, a directory, a NATS connection or some of them");
      }
      if (validator == null) {
        validator = new RunbookValidator();
      }
      return new RunbookLibrary(this);
    }
  }
}

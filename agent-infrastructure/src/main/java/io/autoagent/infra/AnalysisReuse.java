package io.autoagent.infra;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.llm.LlmStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Answers a repeated alert from the analysis of the same alert made moments before, instead of
 * collecting and diagnosing again: a storm that repeats one alert (same content, other ids) costs
 * one analysis per {@code ANALYSIS_REUSE_MS}, and one LLM call.
 *
 * <p>An analysis is reused only when all of these hold:
 *
 * <ul>
 *   <li>the alert is the same in everything but its id and correlation id (service, namespace,
 *       severity, reason, summary, labels, annotations, start, context, mode);
 *   <li>it started at most the reuse window ago;
 *   <li>every evidence source gives the same {@link
 *       io.autoagent.tools.analysis.EvidenceSource#stateToken state token} as when it started (the
 *       Kubernetes source: no change in the namespace's cached objects or the nodes), and none
 *       gives null;
 *   <li>it was whole: no source unavailable or failed, and the LLM, when configured, answered or
 *       was skipped.
 * </ul>
 *
 * <p>Identical alerts that arrive while the first is still being analysed wait for it instead of
 * starting their own; when it cannot be reused (not whole, or the tokens moved while it ran), each
 * runs its own, with a whole deadline. A reused report carries the new alert's ids and its own
 * duration (the wait included); remediation, publication and side effects still happen for every
 * alert. Thread-safe.
 */
final class AnalysisReuse {

  /** An analysis in the making. */
  @FunctionalInterface
  interface Analysis {
    IncidentReport run() throws InterruptedException;
  }

  /**
   * Analyses remembered at most; when more are made, those older than the window go, then all.
   * Expired ones are also forgotten by the next alert at least a window later.
   */
  static final int MAX_ENTRIES = 1024;

  private final long windowNanos;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong reused = new AtomicLong();
  private final AtomicLong lastSweep;

  /**
   * @param window how long an analysis may answer repeats; zero turns reuse off
   */
  AnalysisReuse(Duration window, LongSupplier nanoClock) {
    this.windowNanos = window.toNanos();
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.lastSweep = new AtomicLong(nanoClock.getAsLong());
  }

  boolean enabled() {
    return windowNanos > 0;
  }

  /** Alerts answered from an earlier analysis so far. */
  long reusedTotal() {
    return reused.get();
  }

  /**
   * The analysis of {@code alert}: an earlier one of the same alert, when it may be reused, else
   * {@code analysis}'s.
   *
   * @param tokens every source's state token, read before collecting; none null
   * @param tokensNow the tokens read again when the analysis ends: it is reused only when they are
   *     still {@code tokens} (nothing changed and no live read failed meanwhile)
   * @param startNanos when this alert's handling started, for the reused report's duration
   */
  IncidentReport answer(
      Alert alert,
      List<Object> tokens,
      java.util.function.Supplier<List<Object>> tokensNow,
      long startNanos,
      Analysis analysis)
      throws InterruptedException {
    Key key = Key.of(alert);
    sweep(nanoClock.getAsLong());
    while (true) {
      long now = nanoClock.getAsLong();
      Entry earlier = entries.get(key);
      if (earlier != null
          && earlier.tokens.equals(tokens)
          && now - earlier.started <= windowNanos) {
        IncidentReport shared = earlier.await();
        if (shared != null) {
          reused.incrementAndGet();
          return rebound(shared, alert, startNanos);
        }
        return analysis.run(); // the earlier one cannot be reused: this alert gets its own
      }
      Entry mine = new Entry(tokens, now);
      boolean claimed =
          earlier == null
              ? entries.putIfAbsent(key, mine) == null
              : entries.replace(key, earlier, mine);
      if (!claimed) {
        continue; // another alert just started the same analysis: look again
      }
      IncidentReport report = null;
      try {
        report = analysis.run();
        return report;
      } finally {
        IncidentReport reusable =
            report != null && reusable(report) && mine.tokens.equals(tokensNow.get())
                ? report
                : null;
        if (reusable == null) {
          entries.remove(key, mine);
        }
        mine.done.complete(reusable);
      }
    }
  }

  /** Whole: every source answered and the LLM, when there is one, did not fail. */
  static boolean reusable(IncidentReport report) {
    if (report.evidence().degraded()) {
      return false;
    }
    String llm = report.diagnosis().llmStatus();
    return LlmStatus.OK.wire().equals(llm) || LlmStatus.SKIPPED.wire().equals(llm);
  }

  /** The shared report for this alert: its ids, its duration; everything else as analysed. */
  private static IncidentReport rebound(IncidentReport shared, Alert alert, long startNanos) {
    Alert seen = shared.evidence().alert(); // as redacted: equal to this alert but for its ids
    Alert mine =
        new Alert(
            alert.alertId(),
            alert.correlationId(),
            seen.service(),
            seen.namespace(),
            seen.severity(),
            seen.reason(),
            seen.summary(),
            seen.labels(),
            seen.annotations(),
            seen.startedAt(),
            seen.context(),
            seen.mode());
    return new IncidentReport(
        new Evidence(mine, shared.evidence().reports()),
        shared.diagnosis(),
        shared.plan(),
        IncidentReport.Remediation.NONE,
        Duration.ofNanos(System.nanoTime() - startNanos));
  }

  /** Forgets expired analyses once a window, and everything when there are too many. */
  private void sweep(long now) {
    long last = lastSweep.get();
    if ((now - last > windowNanos && lastSweep.compareAndSet(last, now))
        || entries.size() > MAX_ENTRIES) {
      entries.values().removeIf(e -> e.done.isDone() && now - e.started > windowNanos);
      if (entries.size() > MAX_ENTRIES) {
        entries.clear();
      }
    }
  }

  /** Analyses remembered now. */
  int size() {
    return entries.size();
  }

  /** What an analysis depends on in the alert: all of it but the ids. */
  private record Key(
      String service,
      String namespace,
      Severity severity,
      String reason,
      String summary,
      Map<String, String> labels,
      Map<String, String> annotations,
      Instant startedAt,
      Map<String, Object> context,
      Alert.Mode mode) {
    static Key of(Alert a) {
      return new Key(
          a.service(),
          a.namespace(),
          a.severity(),
          a.reason(),
          a.summary(),
          a.labels(),
          a.annotations(),
          a.startedAt(),
          a.context(),
          a.mode());
    }
  }

  private static final class Entry {
    final List<Object> tokens;
    final long started;

    /** The report, or null when it may not be reused (or its analysis failed). */
    final CompletableFuture<IncidentReport> done = new CompletableFuture<>();

    Entry(List<Object> tokens, long started) {
      this.tokens = List.copyOf(tokens);
      this.started = started;
    }

    IncidentReport await() throws InterruptedException {
      try {
        return done.get();
      } catch (ExecutionException e) {
        return null; // never completed exceptionally; kept for the checked signature
      }
    }
  }
}

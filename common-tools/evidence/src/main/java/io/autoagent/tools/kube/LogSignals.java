package io.autoagent.tools.kube;

import io.autoagent.core.Memo;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shared scanning of the logs in a snapshot for the log-based detectors: the previous instance of
 * crash-looping containers, and the current log of a Ready pod ({@link
 * LiveEvidence#currentLogs()}), which is how a failure of pods that stay Ready (a dependency
 * answering 5xx, credentials rejected after a rotation) is seen.
 *
 * <p>Scans are remembered by log text and pattern: an alert storm reads the same logs again and
 * again, each log-based detector scans each of them line by line with its pattern, and what a
 * pattern finds in a text never changes. One instance is made where the evidence sources are wired
 * ({@link #forLogBytes}) and shared by every analysis. Thread-safe.
 *
 * <p>Memory: the memo is keyed by log text, each text holding the scans of the patterns asked of it
 * (about six: the patterns share the text, so it is counted once). A text weighs its characters and
 * {@link #ENTRY_OVERHEAD_CHARS} for its objects; the bound is {@code 64 * (logBytes +
 * ENTRY_OVERHEAD_CHARS)} characters and at least {@link #MIN_REMEMBERED_CHARS}, so the largest log
 * a read keeps is always remembered (a log is read as at most {@code logBytes} UTF-8 bytes, {@link
 * OnDemandReads#tail}, and a character takes at least one) and about 110 logs of the default 8 KiB
 * fit. Beside the texts, each scan keeps at most {@link #MAX_LINES} quoted lines and its first
 * match. When the bound would be passed the memo forgets everything at once ({@link Memo}).
 */
public final class LogSignals {

  /** Log lines quoted per finding. */
  static final int MAX_LINES = 5;

  /** The weight, in characters, counted for each remembered text's own objects. */
  static final int ENTRY_OVERHEAD_CHARS = 512;

  /** The smallest bound, in characters: what the memo held before it was sized by log bytes. */
  static final long MIN_REMEMBERED_CHARS = 1_000_000;

  private final Memo<String, ConcurrentMap<Pattern, Scan>> scans;
  private final long maxRememberedChars;
  private final AtomicLong scansRun = new AtomicLong();

  private LogSignals(long maxRememberedChars) {
    this.maxRememberedChars = maxRememberedChars;
    this.scans =
        Memo.ofWeight(
            maxRememberedChars,
            text -> text.length() + (long) ENTRY_OVERHEAD_CHARS,
            byPattern -> 0);
  }

  /**
   * Scans remembered for logs of at most {@code logBytes} bytes ({@link KubeOptions#logBytes()}):
   * any such log is remembered (see the class comment for the bound).
   */
  public static LogSignals forLogBytes(int logBytes) {
    if (logBytes < 1) {
      throw new IllegalArgumentException("logBytes must be positive, got " + logBytes);
    }
    return withBound(
        Math.max(MIN_REMEMBERED_CHARS, maxEntryChars(logBytes) * Memo.MAX_ENTRY_SHARE));
  }

  /** A memo bounded at {@code maxRememberedChars} characters of log text (tests). */
  static LogSignals withBound(long maxRememberedChars) {
    return new LogSignals(maxRememberedChars);
  }

  /** For the default {@link KubeOptions#DEFAULT_LOG_BYTES}. */
  static LogSignals defaults() {
    return forLogBytes(KubeOptions.DEFAULT_LOG_BYTES);
  }

  /** The heaviest entry a log of {@code logBytes} bytes makes, in characters. */
  static long maxEntryChars(int logBytes) {
    return (long) logBytes + ENTRY_OVERHEAD_CHARS;
  }

  /** The memo's bound in characters. */
  long maxRememberedChars() {
    return maxRememberedChars;
  }

  /** Characters of log text remembered now (with each text's overhead). */
  long rememberedChars() {
    return scans.weight();
  }

  /** Scans run so far (those not answered from memory). */
  long scansRun() {
    return scansRun.get();
  }

  /** One log's lines that match, with the first match of each. */
  record Hit(
      String pod, String container, List<String> lines, MatchResult first, boolean current) {}

  /**
   * What one pattern finds in one log: its first {@link #MAX_LINES} matching lines (stripped) and
   * the first match; {@code first} is null when no line matches.
   */
  record Scan(List<String> lines, MatchResult first) {}

  /** The lines of {@code log} that {@code pattern} finds (remembered by text). */
  Scan scan(Pattern pattern, String log) {
    // patterns are compared by identity (they are constants); a text too long to remember gets a
    // fresh map, so it is scanned every time
    return scans
        .get(log, text -> new ConcurrentHashMap<>())
        .computeIfAbsent(pattern, p -> scanNow(p, log));
  }

  private Scan scanNow(Pattern pattern, String log) {
    scansRun.incrementAndGet();
    List<String> lines = new ArrayList<>();
    MatchResult first = null;
    for (String line : log.lines().toList()) {
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        if (first == null) {
          first = m.toMatchResult();
        }
        if (lines.size() < MAX_LINES) {
          lines.add(line.strip());
        }
      }
    }
    return new Scan(List.copyOf(lines), first);
  }

  /**
   * Every log of the snapshot by {@code pod/container}: previous instances of crash-looping
   * containers, and the current log of a Ready pod where no previous log was read for it.
   */
  static Map<String, String> logs(WorkloadSnapshot snapshot) {
    if (snapshot.live().currentLogs().isEmpty()) {
      return snapshot.previousLogs();
    }
    Map<String, String> all = new java.util.HashMap<>(snapshot.live().currentLogs());
    all.putAll(snapshot.previousLogs());
    return all;
  }

  /** Every pod/container log with at least one line matching {@code pattern}, in key order. */
  List<Hit> scan(WorkloadSnapshot snapshot, Pattern pattern) {
    List<Hit> hits = new ArrayList<>();
    logs(snapshot).entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            entry -> {
              if (entry.getValue() == null) {
                return;
              }
              Scan scan = scan(pattern, entry.getValue());
              List<String> lines = scan.lines();
              MatchResult first = scan.first();
              if (first != null) {
                String key = entry.getKey();
                int slash = key.indexOf('/');
                hits.add(
                    new Hit(
                        key.substring(0, slash),
                        key.substring(slash + 1),
                        lines,
                        first,
                        !snapshot.previousLogs().containsKey(key)));
              }
            });
    return hits;
  }

  static Finding finding(
      WorkloadSnapshot snapshot, Category category, Hit hit, String message, String... attributes) {
    List<String> evidence = new ArrayList<>();
    evidence.add(
        (hit.current()
                ? snapshot.pods().stream()
                        .anyMatch(
                            p ->
                                hit.pod().equals(p.getMetadata().getName())
                                    && !LiveEvidenceReader.ready(p))
                    ? "current log of not-Ready pod "
                    : "log of Ready pod "
                : "previous log of ")
            + hit.pod()
            + "/"
            + hit.container()
            + ":");
    hit.lines().forEach(l -> evidence.add("  " + l));
    String[] all = new String[attributes.length + 4];
    all[0] = Finding.ATTR_POD;
    all[1] = hit.pod();
    all[2] = Finding.ATTR_CONTAINER;
    all[3] = hit.container();
    System.arraycopy(attributes, 0, all, 4, attributes.length);
    return new Finding(
        category,
        Severity.HIGH,
        Kube.ref("Pod", snapshot.namespace(), hit.pod()),
        message,
        evidence,
        Kube.attrs(all));
  }
}

package io.autoagent.tools.kube;

import io.autoagent.core.Memo;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * <p>Memory: an entry weighs its log's characters, the characters it keeps (the quoted lines and
 * the text of the first match, each at most the log's) and {@link #ENTRY_OVERHEAD_CHARS} for its
 * objects, so at most {@code 3 * logBytes + ENTRY_OVERHEAD_CHARS}: a log is read as at most {@code
 * logBytes} UTF-8 bytes ({@link OnDemandReads#tail}), and a character takes at least one. The memo
 * is bounded at {@link Memo#MAX_ENTRY_SHARE} such entries, so the largest log is always remembered;
 * a character takes at most two bytes, so it holds at most {@code 2 * 64 * (3 * logBytes + 512)}
 * bytes, about {@code 384 * logBytes}: 3 MiB with the default 8 KiB.
 */
public final class LogSignals {

  /** Log lines quoted per finding. */
  static final int MAX_LINES = 5;

  /** The weight, in characters, counted for each remembered scan's own objects. */
  static final int ENTRY_OVERHEAD_CHARS = 512;

  private final Memo<Key, Scan> scans;
  private final long maxRememberedChars;
  private final AtomicLong scansRun = new AtomicLong();

  private LogSignals(long maxRememberedChars) {
    this.maxRememberedChars = maxRememberedChars;
    this.scans = Memo.ofWeight(maxRememberedChars, Key::weight, Scan::weight);
  }

  /**
   * Scans remembered for logs of at most {@code logBytes} bytes ({@link KubeOptions#logBytes()}):
   * any such log is remembered, and the whole memo stays under about {@code 384 * logBytes} bytes.
   */
  public static LogSignals forLogBytes(int logBytes) {
    if (logBytes < 1) {
      throw new IllegalArgumentException("logBytes must be positive, got " + logBytes);
    }
    return new LogSignals(maxEntryChars(logBytes) * Memo.MAX_ENTRY_SHARE);
  }

  /** For the default {@link KubeOptions#DEFAULT_LOG_BYTES}. */
  static LogSignals defaults() {
    return forLogBytes(KubeOptions.DEFAULT_LOG_BYTES);
  }

  /** The heaviest entry a log of {@code logBytes} bytes makes, in characters. */
  static long maxEntryChars(int logBytes) {
    return 3L * logBytes + ENTRY_OVERHEAD_CHARS;
  }

  /** The memo's bound in characters. */
  long maxRememberedChars() {
    return maxRememberedChars;
  }

  /** Characters remembered now. */
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
  record Scan(List<String> lines, MatchResult first) {

    /** Characters kept: the quoted lines and the text the first match holds on to. */
    long weight() {
      long chars = 0;
      for (String line : lines) {
        chars += line.length();
      }
      if (first != null) {
        // a MatchResult keeps the text from the lowest group start to the highest group end
        int start = first.start();
        int end = first.end();
        for (int g = 1; g <= first.groupCount(); g++) {
          if (first.start(g) >= 0) {
            start = Math.min(start, first.start(g));
            end = Math.max(end, first.end(g));
          }
        }
        chars += end - start;
      }
      return chars;
    }
  }

  /** A pattern's scan of a text; patterns are compared by identity, as they are constants. */
  private record Key(String text, Pattern pattern) {

    long weight() {
      return text.length() + (long) ENTRY_OVERHEAD_CHARS;
    }
  }

  /** The lines of {@code log} that {@code pattern} finds (remembered by text). */
  Scan scan(Pattern pattern, String log) {
    return scans.get(new Key(log, pattern), key -> scanNow(key.pattern(), key.text()));
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

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
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shared scanning of the logs in a snapshot for the log-based detectors: the previous instance of
 * crash-looping containers, and the current log of a Ready pod ({@link
 * LiveEvidence#currentLogs()}), which is how a failure of pods that stay Ready (a dependency
 * answering 5xx, credentials rejected after a rotation) is seen.
 */
final class LogSignals {

  /** Log lines quoted per finding. */
  static final int MAX_LINES = 5;

  /**
   * Characters of log text whose scans are remembered: an alert storm reads the same logs again and
   * again, and each log-based detector scans each of them line by line with its pattern.
   */
  static final long MAX_REMEMBERED_CHARS = 1_000_000;

  /**
   * Scans by log text, then by pattern: what a pattern finds in a text never changes, so a storm
   * scans each log once per pattern (the collector's dependency lookup and the detectors ask the
   * same questions). Bounded by the logs' characters; a cache of a pure function, shared by every
   * analysis.
   */
  private static final Memo<String, ConcurrentMap<Pattern, Scan>> SCANS =
      Memo.ofWeight(MAX_REMEMBERED_CHARS, String::length, scans -> 0);

  private LogSignals() {}

  /** One log's lines that match, with the first match of each. */
  record Hit(
      String pod, String container, List<String> lines, MatchResult first, boolean current) {}

  /**
   * What one pattern finds in one log: its first {@link #MAX_LINES} matching lines (stripped) and
   * the first match; {@code first} is null when no line matches.
   */
  record Scan(List<String> lines, MatchResult first) {}

  /** The lines of {@code log} that {@code pattern} finds (remembered by text). */
  static Scan scan(Pattern pattern, String log) {
    return SCANS
        .get(log, text -> new ConcurrentHashMap<>())
        .computeIfAbsent(pattern, p -> scanNow(p, log));
  }

  private static Scan scanNow(Pattern pattern, String log) {
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
  static List<Hit> scan(WorkloadSnapshot snapshot, Pattern pattern) {
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

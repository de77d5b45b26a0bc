package io.autoagent.tools.analysis.llm;

import io.autoagent.tools.analysis.Change;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Recommendation;
import io.autoagent.tools.analysis.RootCause;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.analysis.WorkloadState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Builds the {@link EvidenceBundle} for an incident: caps every list and line, passes every text
 * through {@code clean} (redaction, masking), then trims the least important evidence first until
 * the bundle fits {@code maxTokens}: evidence lines of low-severity findings, alert labels and
 * annotations, older changes, the oldest half of the longest evidence, low-severity findings, all
 * changes, then the least severe findings. Stateless and thread-safe.
 */
final class BundleBuilder {

  static final int MAX_FINDINGS = 30;
  static final int MAX_LINES = 40;
  static final int MAX_LINE_CHARS = 400;
  static final int MAX_TEXT_CHARS = 1000;
  static final int MAX_CHANGES = 10;
  static final int KEPT_CHANGES = 3;
  static final int MAX_CANDIDATES = 10;
  static final int MAX_MAP_ENTRIES = 20;

  /** Halving stops here: it must shrink the list even though it adds an "omitted" marker. */
  private static final int MIN_HALVED_LINES = 5;

  private static final int MAX_ROUNDS = 1000;

  /** The bundle, its JSON, and whether it fits. */
  record Built(EvidenceBundle bundle, String json, int tokens, boolean fits) {}

  private final int maxTokens;

  BundleBuilder(int maxTokens) {
    this.maxTokens = maxTokens;
  }

  Built build(
      Evidence evidence,
      RootCause rules,
      List<Recommendation> candidates,
      UnaryOperator<String> clean) {
    EvidenceBundle b = new EvidenceBundle();
    b.alert = alert(evidence, clean);
    b.rulesVerdict =
        ordered(
            "category",
            rules.category().name(),
            "summary",
            text(clean, rules.summary()),
            "confidence",
            rules.confidence());
    b.sources = new TreeMap<>();
    for (SourceReport r : evidence.reports()) {
      b.sources.put(r.source(), r.wireStatus());
    }
    b.workload = workload(evidence.workload(), clean);
    evidence.findings().stream()
        .sorted(Comparator.comparing(Finding::severity))
        .limit(MAX_FINDINGS)
        .forEach(f -> b.findings.add(finding(f, clean)));
    evidence.changes().stream()
        .sorted(Comparator.comparing(Change::time, Comparator.nullsLast(Comparator.reverseOrder())))
        .limit(MAX_CHANGES)
        .forEach(c -> b.changes.add(change(c, clean)));
    candidates.stream()
        .limit(MAX_CANDIDATES)
        .forEach(
            r ->
                b.candidateRunbooks.add(
                    ordered(
                        "id",
                        r.runbookId(),
                        "title",
                        text(clean, r.title()),
                        "risk",
                        r.risk(),
                        "automatable",
                        r.automatable(),
                        "why",
                        text(clean, r.reason()))));
    return trim(b);
  }

  private Built trim(EvidenceBundle b) {
    List<BooleanSupplier> steps =
        List.of(
            () ->
                once(b, () -> b.findings.replaceAll(f -> low(f) ? withEvidence(f, List.of()) : f)),
            () ->
                once(
                    b,
                    () -> {
                      b.alert.remove("labels");
                      b.alert.remove("annotations");
                    }),
            () ->
                once(
                    b,
                    () ->
                        b.changes
                            .subList(Math.min(KEPT_CHANGES, b.changes.size()), b.changes.size())
                            .clear()),
            () -> halveLongestEvidence(b),
            () -> once(b, () -> b.findings.removeIf(BundleBuilder::low)),
            () -> once(b, () -> b.changes.clear()),
            () -> b.findings.size() > 1 && b.findings.remove(b.findings.size() - 1) != null,
            () -> once(b, () -> b.findings.replaceAll(f -> withEvidence(f, List.of()))));
    String json = b.json();
    int step = 0;
    // each step shrinks the bundle or moves on; the round cap is a guard, not a limit ever reached
    for (int round = 0;
        round < MAX_ROUNDS
            && EvidenceBundle.estimateTokens(json) > maxTokens
            && step < steps.size();
        round++) {
      if (steps.get(step).getAsBoolean()) {
        b.trimmed = true;
        json = b.json();
      } else {
        step++;
      }
    }
    int tokens = EvidenceBundle.estimateTokens(json);
    return new Built(b, json, tokens, tokens <= maxTokens);
  }

  /** Runs a one-shot trimming step; reports whether it changed the bundle. */
  private static boolean once(EvidenceBundle b, Runnable change) {
    String before = b.json();
    change.run();
    return !before.equals(b.json());
  }

  /**
   * Drops the older half of the longest evidence (log lines are oldest first), keeping its header.
   */
  private static boolean halveLongestEvidence(EvidenceBundle b) {
    int longest = -1;
    for (int i = 0; i < b.findings.size(); i++) {
      if (b.findings.get(i).evidence().size() > MIN_HALVED_LINES
          && (longest < 0
              || b.findings.get(i).evidence().size() > b.findings.get(longest).evidence().size())) {
        longest = i;
      }
    }
    if (longest < 0) {
      return false;
    }
    List<String> lines = b.findings.get(longest).evidence();
    int drop = (lines.size() - 1) / 2;
    List<String> kept = new ArrayList<>();
    kept.add(lines.getFirst());
    kept.add("[" + drop + " older lines omitted]");
    kept.addAll(lines.subList(1 + drop, lines.size()));
    b.findings.set(longest, withEvidence(b.findings.get(longest), kept));
    return true;
  }

  private static boolean low(EvidenceBundle.FindingEntry f) {
    return f.severity().equals(Severity.LOW.wire()) || f.severity().equals(Severity.INFO.wire());
  }

  private static EvidenceBundle.FindingEntry withEvidence(
      EvidenceBundle.FindingEntry f, List<String> lines) {
    return new EvidenceBundle.FindingEntry(
        f.category(), f.severity(), f.resource(), f.message(), f.attributes(), lines);
  }

  private static Map<String, Object> alert(Evidence evidence, UnaryOperator<String> clean) {
    var a = evidence.alert();
    Map<String, Object> out =
        ordered(
            "service",
            clean.apply(a.service()),
            "namespace",
            clean.apply(a.namespace()),
            "severity",
            a.severity() == null ? null : a.severity().wire(),
            "reason",
            text(clean, a.reason()),
            "summary",
            text(clean, a.summary()),
            "mode",
            a.mode().name().toLowerCase(java.util.Locale.ROOT));
    out.put("labels", map(a.labels(), clean));
    out.put("annotations", map(a.annotations(), clean));
    return out;
  }

  private static Map<String, Object> workload(WorkloadState w, UnaryOperator<String> clean) {
    if (w == null) {
      return null;
    }
    Map<String, Object> out =
        ordered(
            "kind",
            w.kind(),
            "name",
            clean.apply(w.name()),
            "desired",
            w.desired(),
            "ready",
            w.ready(),
            "available",
            w.available(),
            "updated",
            w.updated(),
            "revision",
            w.revision(),
            "rollout_state",
            w.rolloutState());
    out.put("images", map(w.images(), clean));
    if (w.rollback() != null) {
      out.put(
          "rollback",
          ordered(
              "feasible",
              w.rollback().feasible(),
              "to_revision",
              w.rollback().toRevision(),
              "reason",
              text(clean, w.rollback().reason())));
    }
    return out;
  }

  private static EvidenceBundle.FindingEntry finding(Finding f, UnaryOperator<String> clean) {
    List<String> lines = f.evidence().stream().map(l -> line(clean, l)).toList();
    if (lines.size() > MAX_LINES) {
      int head = MAX_LINES / 4;
      List<String> kept = new ArrayList<>(lines.subList(0, head));
      kept.add("[" + (lines.size() - MAX_LINES) + " lines omitted]");
      kept.addAll(lines.subList(lines.size() - (MAX_LINES - head), lines.size()));
      lines = kept;
    }
    Map<String, String> attributes = new TreeMap<>();
    f.attributes().forEach((k, v) -> attributes.put(k, line(clean, v)));
    return new EvidenceBundle.FindingEntry(
        f.category().name(),
        f.severity().wire(),
        clean.apply(f.resource()),
        text(clean, f.message()),
        attributes,
        new ArrayList<>(lines));
  }

  private static Map<String, Object> change(Change c, UnaryOperator<String> clean) {
    Map<String, Object> out =
        ordered(
            "source",
            c.source(),
            "revision",
            c.revision(),
            "author",
            text(clean, c.author()),
            "time",
            c.time() == null ? null : c.time().toString(),
            "summary",
            text(clean, c.summary()));
    out.put("files", c.files().stream().limit(MAX_MAP_ENTRIES).map(f -> line(clean, f)).toList());
    return out;
  }

  private static Map<String, String> map(Map<String, String> in, UnaryOperator<String> clean) {
    Map<String, String> out = new TreeMap<>();
    in.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .limit(MAX_MAP_ENTRIES)
        .forEach(e -> out.put(line(clean, e.getKey()), line(clean, e.getValue())));
    return out;
  }

  private static String text(UnaryOperator<String> clean, String s) {
    return s == null ? null : cut(clean.apply(s), MAX_TEXT_CHARS);
  }

  private static String line(UnaryOperator<String> clean, String s) {
    return s == null ? null : cut(clean.apply(s), MAX_LINE_CHARS);
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }

  private static Map<String, Object> ordered(Object... keyValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        out.put((String) keyValues[i], keyValues[i + 1]);
      }
    }
    return out;
  }
}

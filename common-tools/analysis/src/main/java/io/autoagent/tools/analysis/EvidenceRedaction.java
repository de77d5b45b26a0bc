package io.autoagent.tools.analysis;

import io.autoagent.core.llm.Redactor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The redaction of one analysis: the agent's {@link Redactor}, plus the names of the workload's
 * Secret-backed environment variables as credential keys ({@link WorkloadState#secretVariables},
 * from the pod spec), plus every value the evidence shows beside a credential key ({@code
 * DB_PASS=hunter2} in a log line, {@code 'password': '...'} in an event), which is then redacted
 * wherever else it appears. {@link #redact} applies it to the evidence as soon as it is collected,
 * so the verdict, the LLM request, the published documents, the archive and the escalations all
 * start from text that holds no credential.
 */
public final class EvidenceRedaction {

  private EvidenceRedaction() {}

  /** The redactor for this evidence (see the class comment). */
  public static Redactor redactorFor(Redactor base, Evidence evidence) {
    if (!base.enabled()) {
      return base;
    }
    Set<String> names = new LinkedHashSet<>();
    evidence.reports().stream()
        .map(SourceReport::workload)
        .filter(Objects::nonNull)
        .forEach(w -> names.addAll(w.secretVariables()));
    Redactor keyed = base.withKeys(names);
    Set<String> learned = new LinkedHashSet<>();
    texts(evidence, keyed, text -> learned.addAll(keyed.learn(text)));
    return keyed.withLiterals(learned);
  }

  /**
   * The evidence with every credential replaced by {@link Redactor#MARK}, by its own redactor
   * ({@link #redactorFor} {@code base}); names, ids and numbers kept. Pass one long-lived {@code
   * base}: it remembers redactions by input.
   */
  public static Evidence redact(Redactor base, Evidence evidence) {
    return apply(redactorFor(base, evidence), evidence);
  }

  /** The evidence with every string redacted by {@code redactor}. */
  static Evidence apply(Redactor redactor, Evidence evidence) {
    if (!redactor.enabled()) {
      return evidence;
    }
    Alert a = evidence.alert();
    Alert alert =
        new Alert(
            a.alertId(),
            a.correlationId(),
            a.service(),
            a.namespace(),
            a.severity(),
            redactor.redact(a.reason()),
            redactor.redact(a.summary()),
            strings(redactor, a.labels()),
            strings(redactor, a.annotations()),
            a.startedAt(),
            objects(redactor, a.context()),
            a.mode());
    List<SourceReport> reports = new ArrayList<>(evidence.reports().size());
    for (SourceReport r : evidence.reports()) {
      reports.add(
          new SourceReport(
              r.source(),
              r.status(),
              r.findings().stream().map(f -> finding(redactor, f)).toList(),
              r.changes().stream().map(c -> change(redactor, c)).toList(),
              r.workload(),
              redactor.redact(r.detail()),
              sync(redactor, r.sync()),
              r.previousRevisions()));
    }
    return new Evidence(alert, reports);
  }

  private static Finding finding(Redactor redactor, Finding f) {
    return new Finding(
        f.category(),
        f.severity(),
        f.resource(),
        redactor.redact(f.message()),
        redactor.redactLines(f.evidence()),
        strings(redactor, f.attributes()));
  }

  private static SyncState sync(Redactor redactor, SyncState s) {
    return s == null
        ? null
        : new SyncState(
            s.application(),
            s.sync(),
            s.health(),
            s.operationPhase(),
            redactor.redact(s.operationMessage()),
            s.currentHistoryId(),
            s.previousHistoryId());
  }

  private static Change change(Redactor redactor, Change c) {
    return new Change(
        c.source(),
        c.revision(),
        redactor.redact(c.author()),
        c.time(),
        redactor.redact(c.summary()),
        c.files().stream().map(redactor::redact).toList());
  }

  private static Map<String, String> strings(Redactor redactor, Map<String, String> map) {
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, v == null ? null : value(redactor, k, v)));
    return out;
  }

  private static String value(Redactor redactor, String key, String value) {
    return redactor.isSecretKey(key) && !value.isEmpty() ? Redactor.MARK : redactor.redact(value);
  }

  private static Map<String, Object> objects(Redactor redactor, Map<String, Object> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach(
        (k, v) -> out.put(k, v instanceof String s ? value(redactor, k, s) : object(redactor, v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object object(Redactor redactor, Object value) {
    if (value instanceof String s) {
      return redactor.redact(s);
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach(
          (k, v) ->
              out.put(
                  String.valueOf(k),
                  v instanceof String s
                      ? value(redactor, String.valueOf(k), s)
                      : object(redactor, v)));
      return out;
    }
    if (value instanceof Collection<?> c) {
      return c.stream().map(v -> object(redactor, v)).toList();
    }
    return value;
  }

  /** Every text of the evidence a credential could hide in; map entries as {@code key="value"}. */
  private static void texts(Evidence evidence, Redactor keyed, Consumer<String> sink) {
    Alert a = evidence.alert();
    sink.accept(a.summary());
    sink.accept(a.reason());
    entries(a.labels(), keyed, sink);
    entries(a.annotations(), keyed, sink);
    a.context()
        .forEach(
            (k, v) -> {
              if (v instanceof String s) {
                entry(k, s, keyed, sink);
              } else if (v != null) {
                sink.accept(String.valueOf(v));
              }
            });
    for (SourceReport r : evidence.reports()) {
      sink.accept(r.detail());
      for (Finding f : r.findings()) {
        sink.accept(f.message());
        sink.accept(String.join("\n", f.evidence()));
        entries(f.attributes(), keyed, sink);
      }
      for (Change c : r.changes()) {
        sink.accept(c.summary());
      }
    }
  }

  private static void entries(Map<String, String> map, Redactor keyed, Consumer<String> sink) {
    map.forEach((k, v) -> entry(k, v, keyed, sink));
  }

  /**
   * A value under a credential key is learned whole, whatever it looks like; others are scanned.
   */
  private static void entry(String key, String value, Redactor keyed, Consumer<String> sink) {
    if (value == null) {
      return;
    }
    sink.accept(
        keyed.isSecretKey(key) && !value.contains("\"") ? key + "=\"" + value + "\"" : value);
  }
}

package io.autoagent.tools.runbook;

import io.autoagent.core.text.Quantities;
import io.autoagent.tools.analysis.Change;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.RootCause;
import io.autoagent.tools.analysis.WorkloadState;
import io.autoagent.tools.runbook.Runbook.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a runbook's parameters from the incident. Each parameter lists its sources in {@code from};
 * the first that yields a value of the right type wins, then the default. Computed sources run
 * after the plain ones because they read other parameters. Pure and thread-safe.
 */
final class ParameterResolver {

  static final String RAISED_MEMORY_LIMIT = "computed.raised_memory_limit";
  static final String SCALED_REPLICAS = "computed.scaled_replicas";

  /** Parameters a computed source reads; a runbook using the source must declare them. */
  static final Map<String, List<String>> COMPUTED_INPUTS =
      Map.of(
          RAISED_MEMORY_LIMIT,
          List.of("current_memory_limit", "memory_increase_percent", "memory_ceiling"),
          SCALED_REPLICAS,
          List.of("current_replicas", "scale_up_percent", "max_replicas"));

  /** Headroom above observed peak usage when sizing a memory limit from it. */
  static final int PEAK_HEADROOM_PERCENT = 25;

  private static final Set<String> FIXED =
      Set.of(
          "alert.namespace",
          "alert.service",
          "alert.reason",
          "workload.name",
          "workload.kind",
          "workload.revision",
          "workload.desired",
          "workload.container",
          "workload.rollback.to_revision",
          "change.previous_image",
          RAISED_MEMORY_LIMIT,
          SCALED_REPLICAS);
  private static final Pattern PREFIXED =
      Pattern.compile(
          "^(alert\\.labels|alert\\.annotations|alert\\.context|finding)\\.[A-Za-z0-9_.\\-/]+$");
  private static final Pattern IMAGE_CHANGE =
      Pattern.compile("image\\s+([^\\s:]+):\\s*(\\S+)\\s*->\\s*(\\S+)");

  /** Outcome: resolved values, and for each required parameter that stayed empty, why. */
  record Resolution(Map<String, Object> values, Map<String, String> missing, List<String> notes) {
    Resolution {
      values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
      missing = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(missing));
      notes = List.copyOf(notes);
    }
  }

  /** Outcome of one source: a raw value, or why there is none. */
  private record Lookup(Object value, String whyNot) {
    static Lookup of(Object v, String whyNot) {
      return v == null || (v instanceof String s && s.isBlank())
          ? new Lookup(null, whyNot)
          : new Lookup(v, null);
    }
  }

  static boolean isKnownSource(String source) {
    return FIXED.contains(source) || PREFIXED.matcher(source).matches();
  }

  Resolution resolve(Runbook runbook, Evidence evidence, RootCause rootCause) {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, String> missing = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    List<Finding> findings = orderedFindings(evidence, rootCause);
    List<Parameter> plainFirst =
        runbook.parameters().values().stream()
            .sorted(
                Comparator.comparing(
                    p -> p.from().stream().anyMatch(f -> f.startsWith("computed."))))
            .toList();
    for (Parameter p : plainFirst) {
      List<String> whyNot = new ArrayList<>();
      Object value = null;
      for (String source : p.from()) {
        Lookup l = lookup(source, evidence, findings, values, notes);
        if (l.value() == null) {
          whyNot.add(source + ": " + l.whyNot());
          continue;
        }
        try {
          value = ParameterValues.coerce(p, l.value());
          break;
        } catch (IllegalArgumentException e) {
          whyNot.add(source + ": " + e.getMessage());
        }
      }
      if (value == null && p.defaultValue() != null) {
        value = p.defaultValue();
      }
      if (value != null) {
        values.put(p.name(), value);
      } else if (p.required()) {
        missing.put(
            p.name(), whyNot.isEmpty() ? "no source and no default" : String.join("; ", whyNot));
      }
    }
    // keep declaration order in the output
    Map<String, Object> ordered = new LinkedHashMap<>();
    runbook
        .parameters()
        .keySet()
        .forEach(
            k -> {
              if (values.containsKey(k)) {
                ordered.put(k, values.get(k));
              }
            });
    return new Resolution(ordered, missing, notes);
  }

  private static List<Finding> orderedFindings(Evidence evidence, RootCause rootCause) {
    return evidence.findings().stream()
        .sorted(
            Comparator.comparing((Finding f) -> f.category() != rootCause.category())
                .thenComparing(Finding::severity))
        .toList();
  }

  private Lookup lookup(
      String source,
      Evidence ev,
      List<Finding> findings,
      Map<String, Object> values,
      List<String> notes) {
    var alert = ev.alert();
    WorkloadState w = ev.workload();
    if (source.startsWith("alert.labels.")) {
      return Lookup.of(alert.labels().get(source.substring(13)), "alert has no such label");
    }
    if (source.startsWith("alert.annotations.")) {
      return Lookup.of(
          alert.annotations().get(source.substring(18)), "alert has no such annotation");
    }
    if (source.startsWith("alert.context.")) {
      return Lookup.of(alert.context().get(source.substring(14)), "alert context has no such key");
    }
    if (source.startsWith("finding.")) {
      String attr = source.substring(8);
      return Lookup.of(
          findings.stream()
              .map(f -> f.attributes().get(attr))
              .filter(v -> v != null && !v.isBlank())
              .findFirst()
              .orElse(null),
          "no finding carries '" + attr + "'");
    }
    String noWorkload = "the workload's state is unknown";
    return switch (source) {
      case "alert.namespace" -> Lookup.of(alert.namespace(), "alert has no namespace");
      case "alert.service" -> Lookup.of(alert.service(), "alert has no service");
      case "alert.reason" -> Lookup.of(alert.reason(), "alert has no reason");
      case "workload.name" -> Lookup.of(w == null ? null : w.name(), noWorkload);
      case "workload.kind" -> Lookup.of(w == null ? null : w.kind(), noWorkload);
      case "workload.revision" ->
          Lookup.of(w == null ? null : w.revision(), noWorkload + " or has no revision");
      case "workload.desired" -> Lookup.of(w == null ? null : w.desired(), noWorkload);
      case "workload.container" ->
          w == null
              ? Lookup.of(null, noWorkload)
              : Lookup.of(
                  w.images().size() == 1 ? w.images().keySet().iterator().next() : null,
                  "the workload has " + w.images().size() + " containers, not one");
      case "workload.rollback.to_revision" -> rollbackRevision(w);
      case "change.previous_image" -> previousImage(ev.changes(), values);
      case RAISED_MEMORY_LIMIT -> RaisedMemory.raisedLimit(values, findings, notes);
      case SCALED_REPLICAS -> scaledReplicas(values);
      default -> Lookup.of(null, "unknown source");
    };
  }

  private static Lookup rollbackRevision(WorkloadState w) {
    if (w == null) {
      return Lookup.of(null, "the workload's state is unknown");
    }
    if (w.rollback() == null) {
      return Lookup.of(null, "nobody assessed whether a rollback is possible");
    }
    if (!w.rollback().feasible()) {
      return Lookup.of(null, "rollback not feasible: " + w.rollback().reason());
    }
    return Lookup.of(w.rollback().toRevision(), "no revision to roll back to");
  }

  /** The image a change replaced, from summaries such as {@code image payments: v1 -> v2}. */
  private static Lookup previousImage(List<Change> changes, Map<String, Object> values) {
    Object container = values.get("container");
    for (Change c : changes) {
      Matcher m = IMAGE_CHANGE.matcher(c.summary());
      if (m.find()
          && (container == null || container.equals(m.group(1)))
          && !m.group(2).equals(m.group(3))) {
        return Lookup.of(m.group(2), null);
      }
    }
    return Lookup.of(null, "no recorded change says which image the container ran before");
  }

  private static Lookup scaledReplicas(Map<String, Object> values) {
    Object current = values.get("current_replicas");
    Object pct = values.get("scale_up_percent");
    Object max = values.get("max_replicas");
    if (!(current instanceof Long c) || !(pct instanceof Long p) || !(max instanceof Long m)) {
      return Lookup.of(null, "needs current_replicas, scale_up_percent and max_replicas");
    }
    if (c >= m) {
      return Lookup.of(null, "already at " + c + " replicas, the maximum is " + m);
    }
    long target = Math.max(c + 1, (long) Math.ceil(c * (1 + p / 100.0)));
    return Lookup.of(Math.min(m, target), null);
  }

  /**
   * The raised memory limit parameter, sized by {@link MemorySizing} from the current limit or the
   * peak.
   */
  static final class RaisedMemory {
    private RaisedMemory() {}

    static Lookup raisedLimit(
        Map<String, Object> values, List<Finding> findings, List<String> notes) {
      Object current = values.get("current_memory_limit");
      Object pct = values.get("memory_increase_percent");
      Object ceiling = values.get("memory_ceiling");
      if (current == null) {
        return Lookup.of(null, "the current memory limit is unknown");
      }
      if (!(pct instanceof Long p) || ceiling == null) {
        return Lookup.of(null, "needs memory_increase_percent and memory_ceiling");
      }
      long cur = Quantities.bytes(current.toString());
      long max = Quantities.bytes(ceiling.toString());
      if (cur >= max) {
        return Lookup.of(null, "the limit " + current + " is already at the ceiling " + ceiling);
      }
      long target = MemorySizing.raisedBy(cur, p);
      String peak =
          findings.stream()
              .map(f -> f.attributes().get(Finding.ATTR_MEMORY_PEAK))
              .filter(v -> v != null && Quantities.isQuantity(v))
              .findFirst()
              .orElse(null);
      String basis = "+" + p + "% of " + current;
      if (peak != null) {
        long fromPeak = MemorySizing.raisedBy(Quantities.bytes(peak), PEAK_HEADROOM_PERCENT);
        // an OOM kill means use reached the limit, so a sampled peak below it says little
        if (fromPeak > cur) {
          target = fromPeak;
          basis = "observed peak " + peak + " +" + PEAK_HEADROOM_PERCENT + "%";
        }
      }
      var sized = MemorySizing.cap(target, cur, null, max);
      if (sized.cap() == MemorySizing.Cap.CEILING) {
        basis += ", capped at the ceiling " + ceiling;
      }
      String raised = sized.limit();
      notes.add("memory limit " + current + " -> " + raised + " (" + basis + ")");
      return Lookup.of(raised, null);
    }
  }
}

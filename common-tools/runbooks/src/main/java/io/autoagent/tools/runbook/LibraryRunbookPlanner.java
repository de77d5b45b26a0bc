package io.autoagent.tools.runbook;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Change;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Recommendation;
import io.autoagent.tools.analysis.RootCause;
import io.autoagent.tools.analysis.RunbookPlanner;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.WorkloadState;
import io.autoagent.tools.runbook.ParameterResolver.Resolution;
import io.autoagent.tools.runbook.RunbookIndex.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Recommends runbooks from a {@link RunbookLibrary}: candidates whose categories hold the root
 * cause come first, then those matching only the alert reason, each group ordered by BM25 relevance
 * of the incident text to the runbook; parameters are resolved from the evidence. When nothing fits
 * it recommends {@value #FALLBACK_ID}. Thread-safe: each call reads one library snapshot.
 */
public final class LibraryRunbookPlanner implements RunbookPlanner {

  public static final String FALLBACK_ID = "investigate-manually";
  public static final int DEFAULT_MAX_RECOMMENDATIONS = 3;
  private static final int MAX_EVIDENCE_LINES = 20;

  private final Supplier<RunbookSnapshot> snapshots;
  private final int maxRecommendations;
  private final ParameterResolver resolver = new ParameterResolver();

  public LibraryRunbookPlanner(RunbookLibrary library) {
    this(library, DEFAULT_MAX_RECOMMENDATIONS);
  }

  public LibraryRunbookPlanner(RunbookLibrary library, int maxRecommendations) {
    this(Objects.requireNonNull(library, "library")::snapshot, maxRecommendations);
  }

  /** The runbooks in use: a reload makes a new snapshot (compared by identity). */
  @Override
  public Object version() {
    return snapshots.get();
  }

  LibraryRunbookPlanner(Supplier<RunbookSnapshot> snapshots, int maxRecommendations) {
    if (maxRecommendations < 1) {
      throw new IllegalArgumentException("maxRecommendations must be at least 1");
    }
    this.snapshots = snapshots;
    this.maxRecommendations = maxRecommendations;
  }

  @Override
  public List<Recommendation> recommend(Evidence evidence, RootCause rootCause) {
    RunbookSnapshot snap = snapshots.get();
    Alert alert = evidence.alert();
    Map<String, Set<String>> facts = facts(evidence, rootCause);
    List<Candidate> candidates =
        snap
            .index()
            .candidates(
                rootCause.category(),
                alert.reason(),
                alert.labels(),
                queryParts(evidence, rootCause))
            .stream()
            .filter(c -> !c.runbook().matches().excludedBy(facts))
            // stable: a runbook whose prefer_when holds goes first within its group, BM25 order
            // otherwise
            .sorted(
                Comparator.comparing(Candidate::categoryMatch)
                    .reversed()
                    .thenComparing(c -> !c.runbook().matches().preferredBy(facts)))
            .toList();
    List<Recommendation> out = new ArrayList<>();
    for (Candidate c : candidates.subList(0, Math.min(maxRecommendations, candidates.size()))) {
      String why =
          matchReason(c, rootCause, alert)
              + (c.runbook().matches().preferredBy(facts)
                  ? "; preferred because " + describe(c.runbook().matches().preferWhen())
                  : "");
      out.add(recommendation(c.runbook(), why, evidence, rootCause));
    }
    if (out.isEmpty()) {
      String why =
          "No runbook in the library handles root cause "
              + rootCause.category()
              + (alert.reason() == null ? "" : " or alert reason '" + alert.reason() + "'")
              + "; a person should look.";
      out.add(
          snap.find(FALLBACK_ID)
              .map(r -> recommendation(r, why, evidence, rootCause))
              .orElseGet(
                  () ->
                      new Recommendation(
                          FALLBACK_ID,
                          "Investigate manually",
                          why,
                          "low",
                          false,
                          Map.of("namespace", alert.namespace(), "service", alert.service()))));
    }
    return out;
  }

  private Recommendation recommendation(
      Runbook r, String why, Evidence evidence, RootCause rootCause) {
    Resolution res = resolver.resolve(r, evidence, rootCause);
    List<String> parts = new ArrayList<>(List.of(why));
    parts.addAll(res.notes());
    res.missing()
        .forEach(
            (name, cause) ->
                parts.add(
                    "Not automatable: required parameter '"
                        + name
                        + "' could not be resolved ("
                        + cause
                        + ")"));
    if (!r.automatable()) {
      parts.add("Not automatable: this runbook needs a person");
    } else if (r.requiresApproval() && res.missing().isEmpty()) {
      parts.add("Needs approval before it runs");
    }
    return new Recommendation(
        r.id(),
        r.title(),
        String.join(". ", parts) + ".",
        r.risk().wire(),
        r.automatable() && res.missing().isEmpty(),
        res.values());
  }

  private static String matchReason(Candidate c, RootCause rootCause, Alert alert) {
    String match =
        c.categoryMatch()
            ? "Handles root cause " + rootCause.category()
            : "Handles alert reason '"
                + alert.reason()
                + "' (root cause "
                + rootCause.category()
                + " is not among its categories)";
    return match + "; text relevance " + twoDecimals(c.score());
  }

  /**
   * A non-negative score with two decimals, rounded half up, as {@code %.2f} would (without a
   * formatter per call).
   */
  static String twoDecimals(float score) {
    long hundredths = Math.round(score * 100.0);
    long fraction = hundredths % 100;
    return (hundredths / 100) + (fraction < 10 ? ".0" : ".") + fraction;
  }

  /**
   * What {@code exclude_when} and {@code prefer_when} see: every attribute of every finding of at
   * least medium severity (the ones that describe the failure), {@code root_cause}, {@code
   * rollback_feasible} and {@code workload_kind}.
   */
  static Map<String, Set<String>> facts(Evidence evidence, RootCause rootCause) {
    Map<String, Set<String>> facts = new HashMap<>();
    facts.put("root_cause", Set.of(rootCause.category().name()));
    for (Finding f : evidence.findings()) {
      if (f.severity().compareTo(Severity.MEDIUM) <= 0) {
        f.attributes().forEach((k, v) -> facts.computeIfAbsent(k, x -> new HashSet<>()).add(v));
      }
    }
    WorkloadState workload = evidence.workload();
    if (workload != null && workload.rollback() != null) {
      facts.put("rollback_feasible", Set.of(Boolean.toString(workload.rollback().feasible())));
    }
    if (workload != null && workload.kind() != null) {
      facts.put("workload_kind", Set.of(workload.kind()));
    }
    return facts;
  }

  private static String describe(List<Runbook.Condition> conditions) {
    return String.join(" and ", conditions.stream().map(c -> c.fact() + "=" + c.equals()).toList());
  }

  /** What the incident says, for BM25: alert, root cause, findings, changes. */
  static List<String> queryParts(Evidence evidence, RootCause rootCause) {
    Alert a = evidence.alert();
    List<String> parts = new ArrayList<>();
    parts.add(rootCause.category().name().replace('_', ' '));
    parts.add(rootCause.summary());
    parts.add(Objects.toString(a.reason(), ""));
    parts.add(Objects.toString(a.summary(), ""));
    parts.addAll(a.labels().values());
    parts.addAll(a.annotations().values());
    int lines = 0;
    for (Finding f : evidence.findings()) {
      parts.add(f.category().name().replace('_', ' '));
      parts.add(f.message());
      for (String e : f.evidence()) {
        if (lines++ < MAX_EVIDENCE_LINES) {
          parts.add(e);
        }
      }
    }
    evidence.changes().stream().limit(10).map(Change::summary).forEach(parts::add);
    return java.util.Collections.unmodifiableList(parts);
  }
}

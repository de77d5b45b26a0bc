package io.autoagent.tools.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deterministic analyzer: ranks findings into one root cause by a fixed table of category
 * priorities. Causes rank above the symptoms they produce: a {@link Category#BAD_CHANGE} (which the
 * git source only emits when a change lines up with a failure) explains a crash loop, a missing
 * ConfigMap or an image that cannot be pulled explains a stuck rollout, and a stuck rollout or a
 * bare warning ({@link Category#UNKNOWN}) is what remains when nothing more specific is known.
 *
 * <ul>
 *   <li>Findings of severity LOW or INFO (configuration review) are never a root cause.
 *   <li>Findings about pods or workloads in another namespace than the alert's are ignored.
 *   <li>{@link Category#HEALTHY} when no candidate is left and the workload is fully available
 *       (warning events newer than the alert arrive as UNKNOWN findings and so prevent it).
 *   <li>{@link Category#UNKNOWN} with confidence 0 when there is no evidence at all.
 * </ul>
 *
 * Ties break by severity, then by resource name, so the same evidence always gives the same answer.
 * Stateless and thread-safe.
 */
public final class RulesAnalyzer implements Analyzer {

  /** Priority (first wins) and base confidence of each category that can be a root cause. */
  private static final List<Rule> TABLE =
      List.of(
          new Rule(Category.SCALED_TO_ZERO, 0.85),
          new Rule(Category.ADMISSION_DENIED, 0.85),
          new Rule(Category.CERTIFICATE, 0.8),
          new Rule(Category.DEPENDENCY_FAILURE, 0.75),
          new Rule(Category.BAD_CHANGE, 0.85),
          new Rule(Category.CONFIG_ERROR, 0.9),
          new Rule(Category.IMAGE_PULL, 0.9),
          new Rule(Category.QUOTA_EXCEEDED, 0.85),
          new Rule(Category.STORAGE, 0.85),
          new Rule(Category.UNSCHEDULABLE, 0.85),
          new Rule(Category.OOM_KILLED, 0.85),
          // cluster networking explains the crash loops it causes (DNS down, lookups failing)
          new Rule(Category.NETWORK, 0.7),
          new Rule(Category.CRASH_LOOP, 0.75),
          new Rule(Category.NODE_PRESSURE, 0.7),
          new Rule(Category.SYNC_FAILED, 0.7),
          new Rule(Category.PROBE_FAILURE, 0.65),
          new Rule(Category.CONFIG_DRIFT, 0.5),
          new Rule(Category.RESOURCE_SATURATION, 0.55),
          new Rule(Category.ROLLOUT_STUCK, 0.5),
          new Rule(Category.UNKNOWN, 0.3));

  private static final Set<String> WORKLOAD_KINDS =
      Set.of(
          "Pod",
          "ReplicaSet",
          "Deployment",
          "StatefulSet",
          "DaemonSet",
          "Job",
          "CronJob",
          "HorizontalPodAutoscaler",
          "PersistentVolumeClaim",
          "Service");
  static final double HEALTHY_CONFIDENCE = 0.8;

  /** Attribute of a CONFIG_DRIFT finding listing the drifted fields, comma-separated. */
  static final String DRIFTED_FIELDS = "drifted_fields";

  private static final double CORROBORATION = 0.05;
  private static final double DEGRADED_PENALTY = 0.15;

  private final Map<Category, Integer> priority = new EnumMap<>(Category.class);
  private final Map<Category, Double> confidence = new EnumMap<>(Category.class);

  public RulesAnalyzer() {
    for (int i = 0; i < TABLE.size(); i++) {
      priority.put(TABLE.get(i).category(), i);
      confidence.put(TABLE.get(i).category(), TABLE.get(i).confidence());
    }
  }

  @Override
  public String name() {
    return "rules";
  }

  @Override
  public RootCause analyze(Evidence evidence) {
    List<Finding> candidates =
        evidence.findings().stream()
            .filter(f -> f.severity().compareTo(Severity.MEDIUM) <= 0)
            .filter(f -> priority.containsKey(f.category()))
            .filter(f -> aboutAlertedNamespace(f, evidence.alert().namespace()))
            .sorted(ranking())
            .toList();
    if (!candidates.isEmpty()) {
      return verdict(candidates, evidence.degraded());
    }
    WorkloadState workload = evidence.workload();
    if (workload == null) {
      return new RootCause(
          Category.UNKNOWN, "No evidence source produced findings for this service.", 0.0);
    }
    if (fullyAvailable(workload)) {
      return new RootCause(
          Category.HEALTHY,
          workload.kind()
              + " "
              + workload.name()
              + " has "
              + workload.available()
              + " of "
              + workload.desired()
              + " replicas available and no failure or warning event was found since the alert started.",
          evidence.degraded() ? HEALTHY_CONFIDENCE - DEGRADED_PENALTY : HEALTHY_CONFIDENCE);
    }
    return new RootCause(
        Category.UNKNOWN,
        workload.kind()
            + " "
            + workload.name()
            + " has "
            + workload.available()
            + " of "
            + workload.desired()
            + " replicas available, but no known failure explains it.",
        0.2);
  }

  private Comparator<Finding> ranking() {
    return Comparator.comparing((Finding f) -> priority.get(f.category()))
        .thenComparing(Finding::severity)
        .thenComparing(Finding::resource);
  }

  private RootCause verdict(List<Finding> candidates, boolean degraded) {
    List<Finding> ranked = gitDeclaresReplicas(candidates) ? promoteDrift(candidates) : candidates;
    Finding top = ranked.getFirst();
    long corroborating = ranked.stream().filter(f -> f.category() == top.category()).count() - 1;
    double score =
        confidence.get(top.category())
            + Math.min(2, corroborating) * CORROBORATION
            - (degraded ? DEGRADED_PENALTY : 0);
    Map<Category, Integer> others = new LinkedHashMap<>();
    ranked.stream()
        .filter(f -> f.category() != top.category())
        .forEach(f -> others.merge(f.category(), 1, Integer::sum));
    List<String> also = new ArrayList<>();
    others.forEach((category, count) -> also.add(category + " (" + count + ")"));
    String summary =
        top.message()
            + (corroborating > 0 ? " " + corroborating + " more finding(s) of the same kind." : "")
            + (also.isEmpty() ? "" : " Also seen: " + String.join(", ", also) + ".");
    return new RootCause(top.category(), summary, Math.max(0.05, Math.min(0.99, score)));
  }

  /**
   * A workload at zero replicas is {@link Category#CONFIG_DRIFT} rather than {@link
   * Category#SCALED_TO_ZERO} when git or Argo CD declares another replica count (contract 1.1).
   */
  private static boolean gitDeclaresReplicas(List<Finding> ranked) {
    return ranked.getFirst().category() == Category.SCALED_TO_ZERO
        && ranked.stream().anyMatch(RulesAnalyzer::replicaDrift);
  }

  private static boolean replicaDrift(Finding f) {
    return f.category() == Category.CONFIG_DRIFT
        && List.of(f.attributes().getOrDefault(DRIFTED_FIELDS, "").split(",")).contains("replicas");
  }

  private static List<Finding> promoteDrift(List<Finding> ranked) {
    List<Finding> out =
        new ArrayList<>(ranked.stream().filter(RulesAnalyzer::replicaDrift).toList());
    ranked.stream().filter(f -> !replicaDrift(f)).forEach(out::add);
    return out;
  }

  private static boolean fullyAvailable(WorkloadState w) {
    return w.ready() >= w.desired() && w.available() >= w.desired() && w.updated() >= w.desired();
  }

  /** False for a finding about a pod or workload that lives in another namespace. */
  private static boolean aboutAlertedNamespace(Finding finding, String namespace) {
    String[] parts = finding.resource().split("/", 3);
    return parts.length < 3 || !WORKLOAD_KINDS.contains(parts[0]) || parts[1].equals(namespace);
  }

  private record Rule(Category category, double confidence) {}
}

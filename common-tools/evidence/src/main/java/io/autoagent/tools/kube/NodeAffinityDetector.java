package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * UNSCHEDULABLE because no node carries the labels a pod requires: its {@code nodeSelector} and
 * required node affinity ({@code requiredDuringSchedulingIgnoredDuringExecution}) are compared with
 * every node's labels, not read from the scheduler's message (which only has to agree: when it
 * names other reasons alone, it wins). When at least one node satisfies them, the pod waits for
 * capacity, taints or volumes instead, and {@link UnschedulableDetector} reports it. One finding
 * per workload, naming the requirements and the nodes that come closest.
 */
final class NodeAffinityDetector implements FailureDetector {

  static final String ATTR_UNSCHEDULABLE_REASON = "unschedulable_reason";
  private static final int CLOSEST = 3;
  private static final java.util.regex.Pattern SCHEDULER_SAYS_AFFINITY =
      java.util.regex.Pattern.compile(
          "affinity|selector", java.util.regex.Pattern.CASE_INSENSITIVE);

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    List<Node> nodes = snapshot.placement().clusterNodes();
    if (nodes == null) {
      return List.of();
    }
    List<Pod> stuck = snapshot.pods().stream().filter(p -> unsatisfiable(snapshot, p)).toList();
    if (stuck.isEmpty()) {
      return List.of();
    }
    PodSpec spec = stuck.getFirst().getSpec();
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "pods Pending with PodScheduled=False: "
            + String.join(", ", stuck.stream().map(p -> p.getMetadata().getName()).toList()));
    List<String> required = requirements(spec);
    evidence.add("required node labels: " + String.join("; ", required));
    evidence.add(nodes.size() + " node(s) in the cluster, none satisfies them");
    nodes.stream()
        .sorted(
            Comparator.comparingInt((Node n) -> misses(spec, n).size())
                .thenComparing(n -> n.getMetadata().getName()))
        .limit(CLOSEST)
        .forEach(
            n ->
                evidence.add(
                    "node "
                        + n.getMetadata().getName()
                        + " misses "
                        + String.join(", ", misses(spec, n))));
    snapshot.eventsFor("Pod", stuck.getFirst().getMetadata().getName()).stream()
        .filter(e -> "FailedScheduling".equals(e.getReason()))
        .map(Kube::eventLine)
        .forEach(evidence::add);
    return List.of(
        new Finding(
            Category.UNSCHEDULABLE,
            Severity.HIGH,
            snapshot.resource(),
            snapshot.kind()
                + " "
                + snapshot.name()
                + " cannot place "
                + stuck.size()
                + " pod(s): no node has the labels its "
                + "nodeSelector or required node affinity asks for ("
                + String.join("; ", required)
                + "); fix the "
                + "labels or the affinity, more capacity will not help.",
            evidence,
            Kube.attrs(
                ATTR_UNSCHEDULABLE_REASON,
                "node_affinity",
                Finding.ATTR_POD,
                stuck.getFirst().getMetadata().getName())));
  }

  /** A Pending, unscheduled pod that no node of the snapshot's cluster list could take. */
  static boolean unsatisfiable(WorkloadSnapshot snapshot, Pod pod) {
    List<Node> nodes = snapshot.placement().clusterNodes();
    if (nodes == null
        || nodes.isEmpty()
        || pod.getSpec() == null
        || pod.getStatus() == null
        || !"Pending".equals(pod.getStatus().getPhase())
        || UnschedulableDetector.condition(pod, "PodScheduled")
            .filter(c -> "False".equals(c.getStatus()))
            .isEmpty()
        || requirements(pod.getSpec()).isEmpty()) {
      return false;
    }
    if (!nodes.stream().noneMatch(n -> misses(pod.getSpec(), n).isEmpty())) {
      return false;
    }
    // The node list can lag behind the scheduler's view: when the scheduler names other reasons
    // only (taints, resources), trust it.
    List<io.fabric8.kubernetes.api.model.Event> failed =
        snapshot.eventsFor("Pod", pod.getMetadata().getName()).stream()
            .filter(e -> "FailedScheduling".equals(e.getReason()) && e.getMessage() != null)
            .toList();
    return failed.isEmpty()
        || SCHEDULER_SAYS_AFFINITY.matcher(failed.getLast().getMessage()).find();
  }

  /** The requirements a node fails, as text; empty when it satisfies all of them. */
  static List<String> misses(PodSpec spec, Node node) {
    Map<String, String> labels =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    List<String> misses = new ArrayList<>();
    if (spec.getNodeSelector() != null) {
      spec.getNodeSelector()
          .forEach(
              (k, v) -> {
                if (!v.equals(labels.get(k))) {
                  misses.add(k + "=" + v + " (has " + Kube.orDash(labels.get(k)) + ")");
                }
              });
    }
    List<NodeSelectorTerm> terms = terms(spec);
    if (!terms.isEmpty()) {
      // terms are ORed: the node passes with the term it misses least
      List<String> best = null;
      for (NodeSelectorTerm term : terms) {
        List<String> termMisses = new ArrayList<>();
        if (term.getMatchExpressions() != null) {
          for (NodeSelectorRequirement r : term.getMatchExpressions()) {
            if (!holds(r.getOperator(), labels.get(r.getKey()), r.getValues())) {
              termMisses.add(describe(r) + " (has " + Kube.orDash(labels.get(r.getKey())) + ")");
            }
          }
        }
        if (term.getMatchFields() != null) {
          for (NodeSelectorRequirement r : term.getMatchFields()) {
            if ("metadata.name".equals(r.getKey())
                && !holds(r.getOperator(), node.getMetadata().getName(), r.getValues())) {
              termMisses.add(describe(r));
            }
          }
        }
        if (best == null || termMisses.size() < best.size()) {
          best = termMisses;
        }
      }
      misses.addAll(best);
    }
    return misses;
  }

  static List<String> requirements(PodSpec spec) {
    List<String> out = new ArrayList<>();
    if (spec.getNodeSelector() != null) {
      spec.getNodeSelector().forEach((k, v) -> out.add("nodeSelector " + k + "=" + v));
    }
    List<String> alternatives = new ArrayList<>();
    for (NodeSelectorTerm term : terms(spec)) {
      List<String> parts = new ArrayList<>();
      if (term.getMatchExpressions() != null) {
        term.getMatchExpressions().forEach(r -> parts.add(describe(r)));
      }
      if (term.getMatchFields() != null) {
        term.getMatchFields().forEach(r -> parts.add(describe(r)));
      }
      alternatives.add(String.join(" and ", parts));
    }
    if (!alternatives.isEmpty()) {
      out.add("node affinity " + String.join(" or ", alternatives));
    }
    return out;
  }

  private static List<NodeSelectorTerm> terms(PodSpec spec) {
    if (spec.getAffinity() == null
        || spec.getAffinity().getNodeAffinity() == null
        || spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
            == null
        || spec.getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()
            == null) {
      return List.of();
    }
    return spec.getAffinity()
        .getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms();
  }

  private static String describe(NodeSelectorRequirement r) {
    return r.getKey()
        + " "
        + r.getOperator()
        + (r.getValues() == null || r.getValues().isEmpty() ? "" : " " + r.getValues());
  }

  /** Whether a label value satisfies one requirement (In, NotIn, Exists, DoesNotExist, Gt, Lt). */
  static boolean holds(String operator, String value, List<String> values) {
    List<String> vs = values == null ? List.of() : values;
    return switch (String.valueOf(operator)) {
      case "In" -> value != null && vs.contains(value);
      case "NotIn" -> value == null || !vs.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      case "Gt" -> compare(value, vs) > 0;
      case "Lt" -> value != null && !vs.isEmpty() && compare(value, vs) < 0;
      default -> false;
    };
  }

  private static int compare(String value, List<String> vs) {
    try {
      return value == null || vs.isEmpty()
          ? 0
          : Long.compare(Long.parseLong(value), Long.parseLong(vs.getFirst()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}

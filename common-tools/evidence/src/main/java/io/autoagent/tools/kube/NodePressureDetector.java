package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * NODE_PRESSURE: nodes under the workload's pods that are NotReady or under memory, disk or PID
 * pressure, and pods of the workload that the kubelet evicted.
 */
final class NodePressureDetector implements FailureDetector {

  private static final Set<String> PRESSURES =
      Set.of("MemoryPressure", "DiskPressure", "PIDPressure");

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    snapshot.nodes().values().stream()
        .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()))
        .forEach(node -> nodeFinding(snapshot, node, findings));
    for (Pod pod : snapshot.pods()) {
      if (pod.getStatus() != null && "Evicted".equals(pod.getStatus().getReason())) {
        String podName = pod.getMetadata().getName();
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        List<String> evidence = new ArrayList<>();
        evidence.add(
            "pod "
                + podName
                + ": status.phase="
                + pod.getStatus().getPhase()
                + ", status.reason=Evicted ("
                + Kube.orDash(pod.getStatus().getMessage())
                + ")");
        snapshot.eventsFor("Pod", podName).stream()
            .filter(e -> "Evicted".equals(e.getReason()))
            .map(Kube::eventLine)
            .forEach(evidence::add);
        findings.add(
            new Finding(
                Category.NODE_PRESSURE,
                Severity.MEDIUM,
                Kube.podRef(pod),
                "Pod "
                    + podName
                    + " was evicted from node "
                    + Kube.orDash(node)
                    + ": "
                    + Kube.orDash(pod.getStatus().getMessage()),
                evidence,
                Kube.attrs(Finding.ATTR_POD, podName, Finding.ATTR_NODE, node)));
      }
    }
    return findings;
  }

  private static void nodeFinding(WorkloadSnapshot snapshot, Node node, List<Finding> findings) {
    String name = node.getMetadata().getName();
    List<NodeCondition> conditions =
        node.getStatus() == null || node.getStatus().getConditions() == null
            ? List.of()
            : node.getStatus().getConditions();
    List<String> problems = new ArrayList<>();
    List<String> evidence = new ArrayList<>();
    boolean notReady = false;
    for (NodeCondition c : conditions) {
      boolean bad =
          ("Ready".equals(c.getType()) && !"True".equals(c.getStatus()))
              || (PRESSURES.contains(c.getType()) && "True".equals(c.getStatus()));
      if (bad) {
        notReady |= "Ready".equals(c.getType());
        problems.add("Ready".equals(c.getType()) ? "NotReady" : c.getType());
        evidence.add(
            "node "
                + name
                + ": condition "
                + c.getType()
                + "="
                + c.getStatus()
                + " reason="
                + Kube.orDash(c.getReason())
                + " since "
                + Kube.orDash(c.getLastTransitionTime())
                + " ("
                + Kube.orDash(c.getMessage())
                + ")");
      }
    }
    if (problems.isEmpty()) {
      return;
    }
    snapshot.eventsFor("Node", name).stream()
        .filter(Kube::isWarning)
        .map(Kube::eventLine)
        .forEach(evidence::add);
    long podsThere =
        snapshot.pods().stream()
            .filter(p -> p.getSpec() != null && name.equals(p.getSpec().getNodeName()))
            .count();
    findings.add(
        new Finding(
            Category.NODE_PRESSURE,
            notReady ? Severity.HIGH : Severity.MEDIUM,
            Kube.ref("Node", null, name),
            "Node "
                + name
                + ", which runs "
                + podsThere
                + " of this service's pods, is "
                + String.join(" and ", problems)
                + ".",
            evidence,
            Kube.attrs(Finding.ATTR_NODE, name)));
  }
}

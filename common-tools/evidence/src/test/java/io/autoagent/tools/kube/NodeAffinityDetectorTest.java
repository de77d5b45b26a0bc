package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.PlacementFixtures.placement;
import static io.autoagent.tools.kube.PlacementFixtures.warning;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeAffinityDetectorTest {

  private final Deployment web = PlacementFixtures.deployment(1);
  private final ReplicaSet rs = PlacementFixtures.replicaSet(web);
  private final Node general =
      PlacementFixtures.node(
          "node-1", Map.of("pool", "general", "topology.kubernetes.io/zone", "eu-west-1a"));
  private final Node gpu =
      PlacementFixtures.node(
          "node-2", Map.of("pool", "gpu", "topology.kubernetes.io/zone", "eu-west-1b"));

  private Pod selecting(Map<String, String> selector) {
    return new PodBuilder(PlacementFixtures.pending(rs, "a1"))
        .editSpec()
        .withNodeSelector(selector)
        .endSpec()
        .build();
  }

  private Pod affine(String key, String operator, String... values) {
    return new PodBuilder(PlacementFixtures.pending(rs, "a1"))
        .editSpec()
        .withNewAffinity()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm()
        .withMatchExpressions(
            new NodeSelectorRequirementBuilder()
                .withKey(key)
                .withOperator(operator)
                .withValues(values)
                .build())
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .endAffinity()
        .endSpec()
        .build();
  }

  private WorkloadSnapshot snapshot(Pod pod, Node... nodes) {
    return PlacementFixtures.snapshot(
        web,
        List.of(pod),
        List.of(
            warning(
                "Pod",
                pod.getMetadata().getName(),
                "FailedScheduling",
                "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.")),
        placement().nodes(nodes).build());
  }

  @Test
  void reportsANodeSelectorNoNodeSatisfiesAndTheClosestNodes() {
    // given a pod that asks for a pool no node is in
    Pod pod = selecting(Map.of("pool", "highmem"));

    // when
    List<Finding> findings = new NodeAffinityDetector().detect(snapshot(pod, general, gpu));

    // then one workload-level finding naming the label and what the nodes have
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.UNSCHEDULABLE);
              assertThat(f.resource()).isEqualTo("Deployment/shop/web");
              assertThat(f.attributes()).containsEntry("unschedulable_reason", "node_affinity");
              assertThat(f.message()).contains("pool=highmem");
              assertThat(f.evidence())
                  .anyMatch(l -> l.contains("node node-1 misses pool=highmem (has general)"));
            });
    assertThat(new UnschedulableDetector().detect(snapshot(pod, general, gpu))).isEmpty();
  }

  @Test
  void reportsRequiredAffinityToAZoneWithoutNodes() {
    Pod pod = affine("topology.kubernetes.io/zone", "In", "eu-west-1c");

    assertThat(new NodeAffinityDetector().detect(snapshot(pod, general, gpu)))
        .singleElement()
        .satisfies(
            f -> assertThat(f.message()).contains("topology.kubernetes.io/zone In [eu-west-1c]"));
  }

  @Test
  void leavesAFullButMatchingNodeToTheCapacityFinding() {
    // near miss: one node has the label, the scheduler says it is full
    Pod pod = selecting(Map.of("pool", "gpu"));
    WorkloadSnapshot snapshot =
        PlacementFixtures.snapshot(
            web,
            List.of(pod),
            List.of(
                warning(
                    "Pod",
                    pod.getMetadata().getName(),
                    "FailedScheduling",
                    "0/2 nodes are available: 1 Insufficient nvidia.com/gpu, 1 node(s) didn't match Pod's node affinity/selector.")),
            placement().nodes(general, gpu).build());

    assertThat(new NodeAffinityDetector().detect(snapshot)).isEmpty();
    assertThat(new UnschedulableDetector().detect(snapshot))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("Insufficient"));
  }

  @Test
  void treatsAffinityTermsAsAlternatives() {
    Pod pod =
        new PodBuilder(affine("pool", "In", "highmem"))
            .editSpec()
            .editAffinity()
            .editNodeAffinity()
            .editRequiredDuringSchedulingIgnoredDuringExecution()
            .addNewNodeSelectorTerm()
            .withMatchExpressions(
                new NodeSelectorRequirementBuilder()
                    .withKey("pool")
                    .withOperator("NotIn")
                    .withValues("gpu")
                    .build())
            .endNodeSelectorTerm()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .endAffinity()
            .endSpec()
            .build();

    assertThat(new NodeAffinityDetector().detect(snapshot(pod, general, gpu))).isEmpty();
  }

  @Test
  void saysNothingWithoutTheNodeListOrForScheduledPods() {
    Pod pod = selecting(Map.of("pool", "highmem"));
    assertThat(
            new NodeAffinityDetector()
                .detect(
                    PlacementFixtures.snapshot(
                        web, List.of(pod), List.of(), PlacementEvidence.NONE)))
        .isEmpty();
    Pod placed =
        new PodBuilder(PlacementFixtures.running(rs, "b2"))
            .editSpec()
            .withNodeSelector(Map.of("pool", "highmem"))
            .endSpec()
            .build();
    assertThat(new NodeAffinityDetector().detect(snapshot(placed, general, gpu))).isEmpty();
  }

  @Test
  void trustsTheSchedulerWhenItNamesOnlyTaints() {
    // near miss: our node list lacks the label, but the scheduler says the nodes are tainted
    Pod pod = selecting(Map.of("pool", "highmem"));
    WorkloadSnapshot snapshot =
        PlacementFixtures.snapshot(
            web,
            List.of(pod),
            List.of(
                warning(
                    "Pod",
                    pod.getMetadata().getName(),
                    "FailedScheduling",
                    "0/2 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}.")),
            placement().nodes(general, gpu).build());

    assertThat(new NodeAffinityDetector().detect(snapshot)).isEmpty();
    assertThat(new UnschedulableDetector().detect(snapshot)).hasSize(1);
  }

  @Test
  void evaluatesEveryOperator() {
    assertThat(NodeAffinityDetector.holds("Exists", "x", null)).isTrue();
    assertThat(NodeAffinityDetector.holds("DoesNotExist", "x", null)).isFalse();
    assertThat(NodeAffinityDetector.holds("NotIn", null, List.of("a"))).isTrue();
    assertThat(NodeAffinityDetector.holds("Gt", "5", List.of("3"))).isTrue();
    assertThat(NodeAffinityDetector.holds("Lt", "5", List.of("3"))).isFalse();
    assertThat(NodeAffinityDetector.holds("Gt", "abc", List.of("3"))).isFalse();
  }
}

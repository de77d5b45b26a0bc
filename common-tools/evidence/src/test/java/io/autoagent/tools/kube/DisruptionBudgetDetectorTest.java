package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.PlacementFixtures.placement;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DisruptionBudgetDetectorTest {

  private final Deployment web = PlacementFixtures.deployment(2);
  private final ReplicaSet rs = PlacementFixtures.replicaSet(web);
  private final List<Pod> pods =
      List.of(PlacementFixtures.running(rs, "a1"), PlacementFixtures.running(rs, "b2"));

  private static PodDisruptionBudget pdb(int allowed, int healthy, int desired) {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace(PlacementFixtures.NS)
        .endMetadata()
        .withNewSpec()
        .withMinAvailable(new IntOrString(2))
        .withNewSelector()
        .withMatchLabels(Map.of("app", "web"))
        .endSelector()
        .endSpec()
        .withNewStatus()
        .withDisruptionsAllowed(allowed)
        .withCurrentHealthy(healthy)
        .withDesiredHealthy(desired)
        .withExpectedPods(2)
        .endStatus()
        .build();
  }

  private static Node node(boolean cordoned) {
    return new NodeBuilder(ClusterObjects.node(ClusterObjects.NODE, ClusterObjects.readyNode()))
        .editSpec()
        .withUnschedulable(cordoned)
        .endSpec()
        .build();
  }

  private WorkloadSnapshot snapshot(boolean cordoned, PodDisruptionBudget budget) {
    return PlacementFixtures.snapshot(
        web,
        List.of(rs),
        pods,
        Map.of(ClusterObjects.NODE, node(cordoned)),
        List.of(),
        List.of(),
        placement().budgets(budget).build());
  }

  @Test
  void reportsABudgetThatForbidsEveryEvictionWhileANodeDrains() {
    assertThat(new DisruptionBudgetDetector().detect(snapshot(true, pdb(0, 2, 2))))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.ROLLOUT_STUCK);
              assertThat(f.severity()).isEqualTo(Severity.HIGH);
              assertThat(f.resource()).isEqualTo("PodDisruptionBudget/shop/web");
              assertThat(f.attributes())
                  .containsEntry("disruption_blocked", "budget_too_strict")
                  .containsEntry("restart_unsafe", "true");
              assertThat(f.message()).contains("node-1");
            });
  }

  @Test
  void blamesUnhealthyPodsWhenTheyExhaustTheBudget() {
    assertThat(new DisruptionBudgetDetector().detect(snapshot(true, pdb(0, 1, 2))))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
              assertThat(f.attributes()).containsEntry("disruption_blocked", "pods_unhealthy");
            });
  }

  @Test
  void saysNothingOfAStrictBudgetWhenNothingDrains() {
    // near miss: the same budget in steady state
    assertThat(new DisruptionBudgetDetector().detect(snapshot(false, pdb(0, 2, 2)))).isEmpty();
  }

  @Test
  void saysNothingWhenTheBudgetAllowsTheEviction() {
    assertThat(new DisruptionBudgetDetector().detect(snapshot(true, pdb(1, 2, 1)))).isEmpty();
  }
}

package io.autoagent.tools.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GenerationsTest {

  @Test
  void aNamespacesChangesMoveOnlyItsStateAndClusterChangesMoveEveryNamespaces() {
    Generations generations = new Generations();
    Generations.State shop = generations.of("shop");
    Generations.State billing = generations.of("billing");

    generations.changed("shop");
    assertThat(generations.of("shop")).isNotEqualTo(shop);
    assertThat(generations.of("billing")).isEqualTo(billing);

    Generations.State shopNow = generations.of("shop");
    generations.changed(null); // a node
    assertThat(generations.of("shop")).isNotEqualTo(shopNow);
    assertThat(generations.of("billing")).isNotEqualTo(billing);
    Generations.State billingNow = generations.of("billing");
    generations.changed(""); // cluster-scoped, as the informer's key has it
    assertThat(generations.of("billing")).isNotEqualTo(billingNow);
  }

  private static io.fabric8.kubernetes.api.model.Node node(
      String heartbeat, String ready, String image) {
    return new io.fabric8.kubernetes.api.model.NodeBuilder()
        .withNewMetadata()
        .withName("node-1")
        .addToLabels("topology.kubernetes.io/zone", "a")
        .endMetadata()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready)
        .withReason("KubeletReady")
        .withMessage("kubelet is posting ready status")
        .withLastHeartbeatTime(heartbeat)
        .endCondition()
        .addNewImage()
        .withNames(image)
        .endImage()
        .endStatus()
        .build();
  }

  @Test
  void aNodesPeriodicStatusReportIsNotAChangeButItsConditionsAndTaintsAre() {
    // given a node as it was
    var before = node("2026-12-08T01:00:00Z", "True", "app:1");

    // then a report with a new heartbeat and image list changes nothing an analysis reads
    assertThat(Generations.matters(before, node("2026-12-08T01:05:00Z", "True", "app:2")))
        .isFalse();
    // and a condition's status, a taint, a label or a new node does
    assertThat(Generations.matters(before, node("2026-12-08T01:05:00Z", "False", "app:1")))
        .isTrue();
    var tainted = node("2026-12-08T01:00:00Z", "True", "app:1");
    tainted.setSpec(
        new io.fabric8.kubernetes.api.model.NodeSpecBuilder()
            .addNewTaint()
            .withKey("node.kubernetes.io/disk-pressure")
            .withEffect("NoSchedule")
            .endTaint()
            .build());
    assertThat(Generations.matters(before, tainted)).isTrue();
    var relabelled = node("2026-12-08T01:00:00Z", "True", "app:1");
    relabelled.getMetadata().getLabels().put("topology.kubernetes.io/zone", "b");
    assertThat(Generations.matters(before, relabelled)).isTrue();
    assertThat(Generations.matters(null, before)).isTrue();
    // any other object's update is a change
    assertThat(
            Generations.matters(
                new io.fabric8.kubernetes.api.model.Pod(),
                new io.fabric8.kubernetes.api.model.Pod()))
        .isTrue();
  }
}

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
}

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

  @Test
  void theStoreCountsAChangeOnlyOnceItHoldsIt() {
    Generations generations = new Generations();
    StrippingStore<io.fabric8.kubernetes.api.model.Pod> store = new StrippingStore<>(generations);
    io.fabric8.kubernetes.api.model.Pod pod =
        new io.fabric8.kubernetes.api.model.PodBuilder()
            .withNewMetadata()
            .withNamespace("shop")
            .withName("checkout-1")
            .endMetadata()
            .build();
    Generations.State empty = generations.of("shop");

    store.put(store.getKey(pod), pod);
    Generations.State added = generations.of("shop");
    assertThat(added).isNotEqualTo(empty);
    assertThat(store.get("shop/checkout-1")).isNotNull();

    store.remove("shop/absent"); // nothing removed, nothing changed
    assertThat(generations.of("shop")).isEqualTo(added);
    store.remove("shop/checkout-1");
    assertThat(generations.of("shop")).isNotEqualTo(added);
  }
}

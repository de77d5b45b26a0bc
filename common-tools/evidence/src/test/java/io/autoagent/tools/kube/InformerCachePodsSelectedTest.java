package io.autoagent.tools.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class InformerCachePodsSelectedTest {

  private static final String NS = "shop";
  private static final String OTHER = "elsewhere";

  KubernetesClient client;

  @Test
  void podsSelectedAreThePodsOfTheNamespaceCarryingEverySelectorLabel() {
    // given pods that differ in one way each from what the selector asks
    pod(NS, "web-1", Map.of("app", "web", "tier", "front"));
    pod(NS, "web-2", Map.of("app", "web", "tier", "front", "pod-template-hash", "abc"));
    pod(NS, "web-canary", Map.of("app", "web", "tier", "canary"));
    pod(NS, "api-1", Map.of("app", "api", "tier", "front"));
    pod(NS, "bare", null);
    pod(OTHER, "web-1", Map.of("app", "web", "tier", "front"));
    Map<String, String> selector = Map.of("app", "web", "tier", "front");

    try (InformerCache cache = synced()) {
      // when
      List<Pod> selected = cache.podsSelected(NS, selector);

      // then only this namespace's pods with both labels, and the same as the API reader's
      assertThat(names(selected)).containsExactlyInAnyOrder("web-1", "web-2");
      assertThat(names(selected))
          .containsExactlyInAnyOrderElementsOf(
              names(new ApiReader(client).podsSelected(NS, selector)));
      assertThat(names(cache.podsSelected(OTHER, selector))).containsExactly("web-1");
    }
  }

  @Test
  void aServiceWithoutASelectorSelectsNoPod() {
    // given pods with and without labels
    pod(NS, "web-1", Map.of("app", "web"));
    pod(NS, "bare", null);

    try (InformerCache cache = synced()) {
      // then an absent or empty selector selects nothing, as Kubernetes defines it for Services
      assertThat(cache.podsSelected(NS, null)).isEmpty();
      assertThat(cache.podsSelected(NS, Map.of())).isEmpty();
      assertThat(new ApiReader(client).podsSelected(NS, Map.of())).isEmpty();
      // and a selector nobody matches selects nothing either
      assertThat(cache.podsSelected(NS, Map.of("app", "nobody"))).isEmpty();
    }
  }

  private InformerCache synced() {
    InformerCache cache = new InformerCache(client, Set.of(NS, OTHER));
    cache.start();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cache.serves(NS) && cache.serves(OTHER));
    return cache;
  }

  private void pod(String namespace, String name, Map<String, String> labels) {
    client
        .pods()
        .inNamespace(namespace)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  private static List<String> names(List<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getName()).toList();
  }
}

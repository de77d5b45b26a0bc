package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.NetworkFixtures.NS;
import static io.autoagent.tools.kube.NetworkFixtures.service;
import static io.autoagent.tools.kube.NetworkFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gateway API HTTPRoutes whose backendRefs name a missing Service or port; pure, over fabric8
 * objects.
 */
class HttpRouteDetectorTest {

  private static GenericKubernetesResource route(
      String name, Map<String, Object> backendRef, Map<String, Object> status) {
    GenericKubernetesResourceBuilder b =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("gateway.networking.k8s.io/v1")
            .withKind("HTTPRoute")
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .endMetadata()
            .addToAdditionalProperties(
                "spec",
                Map.of(
                    "parentRefs", List.of(Map.of("name", "public-gw", "namespace", "gateways")),
                    "rules",
                        List.of(
                            Map.of(
                                "matches",
                                List.of(
                                    Map.of(
                                        "path",
                                        Map.of("type", "PathPrefix", "value", "/checkout"))),
                                "backendRefs",
                                List.of(backendRef)))));
    if (status != null) {
      b.addToAdditionalProperties("status", status);
    }
    return b.build();
  }

  private static Map<String, Object> ref(String name, int port) {
    Map<String, Object> ref = new HashMap<>();
    ref.put("name", name);
    ref.put("port", port);
    return ref;
  }

  private static List<Finding> detect(GenericKubernetesResource route) {
    NetworkSnapshot network =
        new NetworkSnapshot(null, null, List.of(service()), null, List.of(route), null, null);
    return new HttpRouteDetector().detect(snapshot(network));
  }

  @Test
  void aBackendRefToAMissingServiceIsNetworkAndQuotesTheRouteStatus() {
    Map<String, Object> status =
        Map.of(
            "parents",
            List.of(
                Map.of(
                    "parentRef",
                    Map.of("name", "public-gw"),
                    "conditions",
                    List.of(
                        Map.of(
                            "type",
                            "ResolvedRefs",
                            "status",
                            "False",
                            "reason",
                            "BackendNotFound",
                            "message",
                            "service shop/checkout-v2 not found")))));
    assertThat(detect(route("checkout", ref("checkout-v2", 80), status)))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.NETWORK);
              assertThat(f.resource()).isEqualTo("HTTPRoute/shop/checkout");
              assertThat(f.attributes())
                  .containsEntry(ServiceDetector.ATTR_PROBLEM, "route_missing_service");
              assertThat(f.evidence())
                  .anyMatch(l -> l.contains("ResolvedRefs=False reason=BackendNotFound"));
            });
  }

  @Test
  void aBackendRefToAPortTheServiceDoesNotExposeIsNetwork() {
    assertThat(detect(route("shop-routes", ref("checkout", 8080), null)))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.attributes())
                    .containsEntry(ServiceDetector.ATTR_PROBLEM, "route_missing_port"));
  }

  @Test
  void aBackendRefToAnExposedPortIsFine() {
    assertThat(detect(route("shop-routes", ref("checkout", 80), null))).isEmpty();
  }

  @Test
  void nearMissCrossNamespaceOtherKindsAndOtherServicesAreNotJudged() {
    Map<String, Object> elsewhere = ref("checkout", 8080);
    elsewhere.put("namespace", "payments");
    assertThat(detect(route("checkout", elsewhere, null))).isEmpty();
    Map<String, Object> bucket = ref("checkout-assets", 443);
    bucket.put("group", "storage.example.com");
    bucket.put("kind", "Bucket");
    assertThat(detect(route("checkout", bucket, null))).isEmpty();
    assertThat(detect(route("billing", ref("billing-v2", 80), null))).isEmpty();
  }
}

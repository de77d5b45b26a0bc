package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.NetworkFixtures.NS;
import static io.autoagent.tools.kube.NetworkFixtures.service;
import static io.autoagent.tools.kube.NetworkFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPortBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ingresses that route to a missing Service or a port the Service does not expose; pure, over
 * fabric8 objects.
 */
class IngressDetectorTest {

  private static Ingress ingress(String name, String service, Integer number, String portName) {
    var port = new ServiceBackendPortBuilder().withNumber(number).withName(portName).build();
    return new IngressBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withIngressClassName("nginx")
        .addNewRule()
        .withHost("shop.example.com")
        .withNewHttp()
        .addNewPath()
        .withPath("/checkout")
        .withPathType("Prefix")
        .withNewBackend()
        .withNewService()
        .withName(service)
        .withPort(port)
        .endService()
        .endBackend()
        .endPath()
        .endHttp()
        .endRule()
        .endSpec()
        .build();
  }

  private static List<Finding> detect(Ingress ingress) {
    NetworkSnapshot network =
        new NetworkSnapshot(null, null, List.of(service()), List.of(ingress), null, null, null);
    return new IngressDetector().detect(snapshot(network));
  }

  @Test
  void aRouteToAServiceThatDoesNotExistIsNetwork() {
    assertThat(detect(ingress("checkout", "checkout-web", 80, null)))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.NETWORK);
              assertThat(f.resource()).isEqualTo("Ingress/shop/checkout");
              assertThat(f.attributes())
                  .containsEntry(ServiceDetector.ATTR_PROBLEM, "ingress_missing_service")
                  .containsEntry(ServiceDetector.ATTR_SERVICE, "checkout-web");
              assertThat(f.message())
                  .contains("shop.example.com/checkout")
                  .contains("Service checkout-web does not exist");
            });
  }

  @Test
  void aRouteToAPortTheServiceDoesNotExposeIsNetworkByNumberAndByName() {
    assertThat(detect(ingress("storefront", "checkout", 8080, null)))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.attributes())
                  .containsEntry(ServiceDetector.ATTR_PROBLEM, "ingress_missing_port");
              assertThat(f.message()).contains("exposes no port 8080").contains("80/web");
            });
    assertThat(detect(ingress("storefront", "checkout", null, "grpc")))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.attributes())
                    .containsEntry(ServiceDetector.ATTR_PROBLEM, "ingress_missing_port"));
  }

  @Test
  void aRouteToAnExposedPortIsFine() {
    assertThat(detect(ingress("storefront", "checkout", 80, null))).isEmpty();
    assertThat(detect(ingress("storefront", "checkout", null, "web"))).isEmpty();
  }

  @Test
  void nearMissABrokenIngressOfAnotherServiceIsNotThisWorkloads() {
    assertThat(detect(ingress("billing", "billing-web", 80, null))).isEmpty();
  }

  @Test
  void anIngressLabelledForTheWorkloadConcernsItWhateverItsName() {
    Ingress labelled =
        new IngressBuilder(ingress("shop-public", "checkout-v2", 80, null))
            .editMetadata()
            .withLabels(Map.of("app.kubernetes.io/instance", "checkout"))
            .endMetadata()
            .build();
    assertThat(detect(labelled))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.attributes())
                    .containsEntry(ServiceDetector.ATTR_SERVICE, "checkout-v2"));
  }
}

package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Services that select no pod of the workload or target a port no container serves; pure, over
 * fabric8 objects.
 */
class ServiceDetectorTest {

  private static final String NS = "shop";

  /** checkout's pods: label app=checkout, container app serving 8080 named http. */
  private static Deployment checkout() {
    return new DeploymentBuilder(ClusterObjects.deployment(NS, "checkout", 2))
        .editSpec()
        .editTemplate()
        .editSpec()
        .editFirstContainer()
        .withPorts(
            new io.fabric8.kubernetes.api.model.ContainerPortBuilder()
                .withContainerPort(8080)
                .withName("http")
                .build())
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Service service(Map<String, String> selector, IntOrString targetPort) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("checkout")
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withSelector(selector)
        .addNewPort()
        .withName("web")
        .withPort(80)
        .withTargetPort(targetPort)
        .endPort()
        .endSpec()
        .build();
  }

  private static List<Finding> detect(Service... services) {
    Deployment d = checkout();
    WorkloadSnapshot s =
        new WorkloadSnapshot(
            ClusterObjects.alert(NS, "checkout", Severity.HIGH),
            NOW,
            d,
            List.of(),
            List.of(),
            Map.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            null,
            Map.of(),
            List.of(),
            List.of(services));
    return new ServiceDetector().detect(s);
  }

  @Test
  void aSelectorThatNoLongerMatchesThePodLabelsIsNetwork() {
    assertThat(
            detect(service(Map.of("app.kubernetes.io/name", "checkout"), new IntOrString("http"))))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.NETWORK);
              assertThat(f.resource()).isEqualTo("Service/shop/checkout");
              assertThat(f.attributes())
                  .containsEntry(ServiceDetector.ATTR_PROBLEM, "selector_mismatch");
            });
  }

  @Test
  void aTargetPortNoContainerServesIsNetworkByNumberAndByName() {
    assertThat(detect(service(Map.of("app", "checkout"), new IntOrString(9090))))
        .singleElement()
        .satisfies(f -> assertThat(f.attributes()).containsEntry("target_port", "9090"));
    assertThat(detect(service(Map.of("app", "checkout"), new IntOrString("metrics"))))
        .singleElement()
        .satisfies(f -> assertThat(f.attributes()).containsEntry("target_port", "metrics"));
  }

  @Test
  void aMatchingSelectorAndServedPortIsFine() {
    assertThat(detect(service(Map.of("app", "checkout"), new IntOrString("http")))).isEmpty();
    assertThat(detect(service(Map.of("app", "checkout"), new IntOrString(8080)))).isEmpty();
  }

  @Test
  void nearMissAServiceWithoutSelectorOrContainersWithoutDeclaredPortsProveNothing() {
    Service external =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("checkout")
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .withType("ExternalName")
            .withExternalName("checkout.example.com")
            .endSpec()
            .build();
    assertThat(detect(external)).isEmpty();

    Deployment noPorts = ClusterObjects.deployment(NS, "checkout", 2);
    WorkloadSnapshot s =
        new WorkloadSnapshot(
            ClusterObjects.alert(NS, "checkout", Severity.HIGH),
            NOW,
            noPorts,
            List.of(),
            List.of(),
            Map.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            null,
            Map.of(),
            List.of(),
            List.of(service(Map.of("app", "checkout"), new IntOrString(9090))));
    assertThat(new ServiceDetector().detect(s)).isEmpty();
  }
}

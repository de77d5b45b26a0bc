package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.NOW;

import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.Map;

/**
 * The workload the network detector tests share: Deployment checkout in shop, pods app=checkout
 * serving 8080/http.
 */
final class NetworkFixtures {

  static final String NS = "shop";

  private NetworkFixtures() {}

  static Deployment checkout() {
    return new DeploymentBuilder(ClusterObjects.deployment(NS, "checkout", 2))
        .editSpec()
        .editTemplate()
        .editSpec()
        .editFirstContainer()
        .withPorts(new ContainerPortBuilder().withContainerPort(8080).withName("http").build())
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** Service checkout: port 80 (named web) to targetPort http, selecting app=checkout. */
  static Service service() {
    return service("checkout", Map.of("app", "checkout"));
  }

  static Service service(String name, Map<String, String> selector) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withSelector(selector)
        .addNewPort()
        .withName("web")
        .withPort(80)
        .withTargetPort(new IntOrString("http"))
        .endPort()
        .endSpec()
        .build();
  }

  /** Running, ready pods of checkout with these labels. */
  static Pod pod(String suffix, Map<String, String> labels) {
    ReplicaSet rs =
        ClusterObjects.replicaSet(
            checkout(), "6b7c8d", "2", "registry.example.com/checkout:v2", 2, 2);
    return new PodBuilder(ClusterObjects.pod(rs, suffix, ClusterObjects.runningReady()))
        .editMetadata()
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  static WorkloadSnapshot snapshot(
      NetworkSnapshot network, List<Service> services, List<Pod> pods, Map<String, String> logs) {
    return new WorkloadSnapshot(
            ClusterObjects.alert(NS, "checkout", Severity.HIGH),
            NOW,
            checkout(),
            List.of(),
            pods,
            Map.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            null,
            logs,
            List.of(),
            services)
        .withNetwork(network);
  }

  static WorkloadSnapshot snapshot(NetworkSnapshot network) {
    return snapshot(
        network, List.of(service()), List.of(pod("a1b2c", Map.of("app", "checkout"))), Map.of());
  }

  static NetworkSnapshot network(List<Service> namespaceServices) {
    return new NetworkSnapshot(null, null, namespaceServices, null, null, null, null);
  }
}

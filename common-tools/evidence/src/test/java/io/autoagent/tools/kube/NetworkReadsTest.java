package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.alert;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.app;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.SourceReport;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The network reads against the fabric8 mock API (CRUD mode), alone and through the evidence
 * source.
 */
@EnableKubernetesMockClient(crud = true)
class NetworkReadsTest {

  static KubernetesClient client;
  static KubernetesMockServer server;
  private static final KubeOptions OPTIONS =
      KubeOptions.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(2));
  private static final ExecutorService EXECUTOR = Executors.newVirtualThreadPerTaskExecutor();

  @AfterAll
  static void stop() {
    EXECUTOR.shutdownNow();
  }

  /** A clock the test moves by hand, for the discovery and DNS caches. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-12-07T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static NetworkReads reads(Clock clock) {
    return new NetworkReads(client, new OnDemandReads(client, OPTIONS, EXECUTOR), clock, true);
  }

  @Test
  void readsTheSlicesOfOneServiceAndCoreEndpointsOnlyWhenItHasNone() {
    // given slices for cart (and another Service's), core Endpoints only for legacy
    String ns = "net-slices";
    client
        .resource(
            new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("cart-abcde")
                .withNamespace(ns)
                .withLabels(Map.of(NetworkReads.SERVICE_NAME_LABEL, "cart"))
                .endMetadata()
                .withAddressType("IPv4")
                .build())
        .create();
    client
        .resource(
            new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("other-abcde")
                .withNamespace(ns)
                .withLabels(Map.of(NetworkReads.SERVICE_NAME_LABEL, "other"))
                .endMetadata()
                .withAddressType("IPv4")
                .build())
        .create();
    client
        .resource(
            new EndpointsBuilder()
                .withNewMetadata()
                .withName("legacy")
                .withNamespace(ns)
                .endMetadata()
                .addNewSubset()
                .addNewNotReadyAddress()
                .withIp("10.0.0.9")
                .endNotReadyAddress()
                .endSubset()
                .build())
        .create();
    NetworkReads reads = reads(Clock.systemUTC());

    // when / then
    assertThat(reads.endpointSlices(ns, "cart"))
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("cart-abcde");
    assertThat(reads.endpointSlices(ns, "legacy")).isEmpty();
    assertThat(reads.endpoints(ns, "legacy").getSubsets()).hasSize(1);
    assertThat(reads.endpoints(ns, "missing")).isNull();
  }

  @Test
  void readsHttpRoutesOnlyOnceDiscoveryServesThemAndNeverFailsWithoutTheCrd() {
    // given no Gateway API: a real API server answers its discovery with 404
    String ns = "net-routes";
    server
        .expect()
        .get()
        .withPath("/apis/gateway.networking.k8s.io/v1")
        .andReturn(404, "{}")
        .once();
    ManualClock clock = new ManualClock();
    NetworkReads reads = reads(clock);

    // then there are no routes, and no error
    assertThat(reads.httpRoutes(ns)).isEmpty();
    assertThat(reads.gatewayApiServed()).isFalse();

    // given the CRD is installed and a route exists
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("httproutes.gateway.networking.k8s.io")
                .endMetadata()
                .withNewSpec()
                .withGroup("gateway.networking.k8s.io")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("HTTPRoute")
                .withPlural("httproutes")
                .withSingular("httproute")
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .endVersion()
                .endSpec()
                .build())
        .create();
    client
        .genericKubernetesResources(NetworkReads.HTTP_ROUTES)
        .inNamespace(ns)
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("gateway.networking.k8s.io/v1")
                .withKind("HTTPRoute")
                .withNewMetadata()
                .withName("cart")
                .withNamespace(ns)
                .endMetadata()
                .addToAdditionalProperties(
                    "spec",
                    Map.of(
                        "rules",
                        List.of(
                            Map.of("backendRefs", List.of(Map.of("name", "cart", "port", 80))))))
                .build())
        .create();
    client
        .genericKubernetesResources(NetworkReads.HTTP_ROUTES)
        .inNamespace("net-routes-other")
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("gateway.networking.k8s.io/v1")
                .withKind("HTTPRoute")
                .withNewMetadata()
                .withName("wishlist")
                .withNamespace("net-routes-other")
                .endMetadata()
                .build())
        .create();

    // then the cached answer holds until it expires, and the route is read after
    assertThat(reads.httpRoutes(ns)).isEmpty();
    clock.advance(Duration.ofMillis(NetworkReads.GATEWAY_TTL_MS + 1));
    assertThat(reads.httpRoutes(ns))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("cart");
    // one cluster-wide list, shared: the other namespace's route comes from the same read
    assertThat(reads.httpRoutes("net-routes-other"))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("wishlist");
  }

  @Test
  void readsTheClusterDnsOnceForItsTimeToLive() {
    // given CoreDNS in kube-system
    client
        .resource(
            new DeploymentBuilder(
                    io.autoagent.tools.kube.sandbox.ClusterObjects.deployment(
                        "kube-system", "coredns", 2))
                .editMetadata()
                .withLabels(Map.of("k8s-app", "kube-dns"))
                .endMetadata()
                .build())
        .create();
    ManualClock clock = new ManualClock();
    NetworkReads reads = reads(clock);
    assertThat(reads.clusterDns().deployments())
        .extracting(d -> d.getMetadata().getName())
        .containsExactly("coredns");

    // when it is deleted, the cached read serves until it expires
    client.apps().deployments().inNamespace("kube-system").withName("coredns").delete();
    assertThat(reads.clusterDns().deployments()).hasSize(1);
    clock.advance(Duration.ofMillis(NetworkReads.DNS_TTL_MS + 1));
    await().atMost(Duration.ofSeconds(10)).until(() -> reads.clusterDns().deployments().isEmpty());
  }

  @Test
  void aDefaultDenyPolicyAndUnreadyEndpointsAreFoundThroughTheApiAndThroughTheCaches() {
    // given payments whose Service targets 8080, a default-deny policy, and a slice with no ready
    // address
    String ns = "net-e2e";
    // whose pods are not ready (endpoints are read only when no selected pod is ready)
    for (Pod pod : app(client, ns, "payments", 2).pods()) {
      client
          .pods()
          .resource(
              new PodBuilder(pod)
                  .editStatus()
                  .withConditions(
                      new PodConditionBuilder().withType("Ready").withStatus("False").build())
                  .endStatus()
                  .build())
          .updateStatus();
    }
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("payments")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of("app", "payments"))
                .addNewPort()
                .withPort(80)
                .withTargetPort(new IntOrString(8080))
                .endPort()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName("default-deny")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .endPodSelector()
                .withPolicyTypes("Ingress")
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("payments-x1y2z")
                .withNamespace(ns)
                .withLabels(Map.of(NetworkReads.SERVICE_NAME_LABEL, "payments"))
                .endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint()
                .withAddresses("10.244.1.17")
                .withNewConditions()
                .withReady(false)
                .endConditions()
                .endEndpoint()
                .build())
        .create();

    // when analysed straight from the API
    try (KubernetesEvidenceSource direct = new KubernetesEvidenceSource(client, OPTIONS)) {
      assertNetworkFindings(direct.collect(alert(ns, "payments")));
    }
    // and from synced informer caches (kept open to the end: closing informers can stall the mock)
    KubernetesEvidenceSource cached =
        new KubernetesEvidenceSource(client, OPTIONS.withWatchNamespaces(Set.of(ns)));
    cached.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> cached.servesFromCache(ns));
    assertNetworkFindings(cached.collect(alert(ns, "payments")));
  }

  private static void assertNetworkFindings(SourceReport report) {
    List<Finding> network =
        report.findings().stream().filter(f -> f.category() == Category.NETWORK).toList();
    assertThat(network)
        .extracting(Finding::resource)
        .containsExactlyInAnyOrder(
            "NetworkPolicy/net-e2e/default-deny", "Service/net-e2e/payments");
    assertThat(network)
        .filteredOn(f -> f.resource().startsWith("Service/"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.attributes())
                    .containsEntry(ServiceDetector.ATTR_PROBLEM, "endpoints_not_ready"));
  }
}

package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Network reads no informer serves, each bounded like {@link OnDemandReads} (a failure or timeout
 * means "not known", never a failed analysis):
 *
 * <ul>
 *   <li>the EndpointSlices of one Service (label {@code kubernetes.io/service-name}), and its
 *       core/v1 Endpoints when it has no slice: they change with every pod, so caching them all
 *       would cost memory per pod;
 *   <li>the namespace's Gateway API HTTPRoutes, only while {@code gateway.networking.k8s.io/v1}
 *       serves {@code httproutes} (discovery, asked at most every {@link #GATEWAY_TTL_MS}; an
 *       absent API answers 404 and is not an error). Routes are shared for {@link #ROUTES_TTL_MS}:
 *       one list over all namespaces when the agent watches the whole cluster, else one per
 *       namespace;
 *   <li>the cluster DNS Deployments and pods in {@code kube-system}, shared by all alerts for
 *       {@link #DNS_TTL_MS}.
 * </ul>
 *
 * Thread-safe.
 */
class NetworkReads {

  /** Reads nothing: every answer is "not known". */
  static final NetworkReads NONE =
      new NetworkReads(null, null, Clock.systemUTC(), false) {
        @Override
        List<EndpointSlice> endpointSlices(String namespace, String service) {
          return null;
        }

        @Override
        Endpoints endpoints(String namespace, String service) {
          return null;
        }

        @Override
        List<GenericKubernetesResource> httpRoutes(String namespace) {
          return List.of();
        }

        @Override
        NetworkSnapshot.ClusterDns clusterDns() {
          return null;
        }

        @Override
        void warmUp() {}
      };

  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  static final String GATEWAY_GROUP_VERSION = "gateway.networking.k8s.io/v1";
  static final String DNS_NAMESPACE = "kube-system";
  static final String DNS_LABEL = "k8s-app";
  static final String DNS_LABEL_VALUE = "kube-dns";
  static final long GATEWAY_TTL_MS = 300_000;
  static final long DNS_TTL_MS = 15_000;
  static final long ROUTES_TTL_MS = 15_000;
  private static final String ALL_NAMESPACES = "";

  static final ResourceDefinitionContext HTTP_ROUTES =
      new ResourceDefinitionContext.Builder()
          .withGroup("gateway.networking.k8s.io")
          .withVersion("v1")
          .withKind("HTTPRoute")
          .withPlural("httproutes")
          .withNamespaced(true)
          .build();

  private final KubernetesClient client;
  private final OnDemandReads onDemand;
  private final Clock clock;
  private final AtomicReference<Timed<Boolean>> gateway = new AtomicReference<>();
  private final AtomicReference<Timed<NetworkSnapshot.ClusterDns>> dns = new AtomicReference<>();
  private final java.util.concurrent.ConcurrentMap<String, Timed<List<GenericKubernetesResource>>>
      routes = new java.util.concurrent.ConcurrentHashMap<>();
  private final boolean clusterWide;

  private record Timed<T>(T value, long readAt) {}

  /**
   * @param clusterWide whether the agent reads every namespace (no {@code WATCH_NAMESPACES}): then
   *     one list of HTTPRoutes over all namespaces serves every alert for {@link #ROUTES_TTL_MS}
   */
  NetworkReads(KubernetesClient client, OnDemandReads onDemand, Clock clock, boolean clusterWide) {
    this.client = client;
    this.onDemand = onDemand;
    this.clock = clock;
    this.clusterWide = clusterWide;
  }

  /** The Service's EndpointSlices; null when they could not be read. */
  List<EndpointSlice> endpointSlices(String namespace, String service) {
    return onDemand.bounded(
        () ->
            client
                .discovery()
                .v1()
                .endpointSlices()
                .inNamespace(namespace)
                .withLabel(SERVICE_NAME_LABEL, service)
                .list()
                .getItems(),
        "EndpointSlices of " + namespace + "/" + service);
  }

  /** The Service's core/v1 Endpoints; null when absent or unreadable. */
  Endpoints endpoints(String namespace, String service) {
    return onDemand.bounded(
        () -> client.endpoints().inNamespace(namespace).withName(service).get(),
        "Endpoints " + namespace + "/" + service);
  }

  /** The namespace's HTTPRoutes; empty when the Gateway API is not installed or not readable. */
  List<GenericKubernetesResource> httpRoutes(String namespace) {
    if (!gatewayApiServed()) {
      return List.of();
    }
    String scope = clusterWide ? ALL_NAMESPACES : namespace;
    long now = clock.millis();
    // compute: concurrent alerts share one read per scope
    List<GenericKubernetesResource> all =
        routes
            .compute(
                scope,
                (key, cached) ->
                    cached != null && now - cached.readAt() <= ROUTES_TTL_MS
                        ? cached
                        : new Timed<>(readRoutes(key), now))
            .value();
    return all == null
        ? List.of()
        : all.stream().filter(r -> namespace.equals(r.getMetadata().getNamespace())).toList();
  }

  private List<GenericKubernetesResource> readRoutes(String scope) {
    return onDemand.bounded(
        () ->
            scope.equals(ALL_NAMESPACES)
                ? client.genericKubernetesResources(HTTP_ROUTES).inAnyNamespace().list().getItems()
                : client
                    .genericKubernetesResources(HTTP_ROUTES)
                    .inNamespace(scope)
                    .list()
                    .getItems(),
        "HTTPRoutes of " + (scope.equals(ALL_NAMESPACES) ? "all namespaces" : scope));
  }

  /** Reads what the first alerts would otherwise wait for: Gateway API discovery and the routes. */
  void warmUp() {
    if (clusterWide) {
      httpRoutes(ALL_NAMESPACES);
    } else {
      gatewayApiServed();
    }
  }

  /** Whether discovery lists {@code httproutes} in {@code gateway.networking.k8s.io/v1}, cached. */
  synchronized boolean gatewayApiServed() {
    long now = clock.millis();
    Timed<Boolean> cached = gateway.get();
    if (cached != null && now - cached.readAt() <= GATEWAY_TTL_MS) {
      return cached.value();
    }
    APIResourceList resources =
        onDemand.bounded(
            () -> client.getApiResources(GATEWAY_GROUP_VERSION),
            "API discovery of " + GATEWAY_GROUP_VERSION);
    boolean served =
        resources != null
            && resources.getResources() != null
            && resources.getResources().stream()
                .anyMatch(r -> HTTP_ROUTES.getPlural().equals(r.getName()));
    gateway.set(new Timed<>(served, now));
    return served;
  }

  /** CoreDNS / kube-dns Deployments and pods in kube-system; null when unreadable. */
  NetworkSnapshot.ClusterDns clusterDns() {
    long now = clock.millis();
    Timed<NetworkSnapshot.ClusterDns> cached = dns.get();
    if (cached != null && now - cached.readAt() <= DNS_TTL_MS) {
      return cached.value();
    }
    NetworkSnapshot.ClusterDns read =
        onDemand.bounded(
            () ->
                new NetworkSnapshot.ClusterDns(
                    client
                        .apps()
                        .deployments()
                        .inNamespace(DNS_NAMESPACE)
                        .withLabel(DNS_LABEL, DNS_LABEL_VALUE)
                        .list()
                        .getItems(),
                    client
                        .pods()
                        .inNamespace(DNS_NAMESPACE)
                        .withLabel(DNS_LABEL, DNS_LABEL_VALUE)
                        .list()
                        .getItems()),
            "cluster DNS in " + DNS_NAMESPACE);
    if (read != null) {
      dns.set(new Timed<>(read, now));
    }
    return read;
  }
}

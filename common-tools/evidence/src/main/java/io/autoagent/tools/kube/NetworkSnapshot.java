package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;

/**
 * The network objects around one alerted workload, read with its {@link WorkloadSnapshot}: what the
 * network detectors ({@link EndpointsDetector}, {@link IngressDetector}, {@link HttpRouteDetector},
 * {@link NetworkPolicyDetector}, {@link ClusterDnsDetector}) look at.
 *
 * @param endpointSlices the EndpointSlices of each Service in {@link WorkloadSnapshot#services()},
 *     by Service name; a Service is absent when none could be read
 * @param endpoints core/v1 Endpoints by Service name, read only for Services that have no
 *     EndpointSlice (older clusters, or where slices are not readable)
 * @param namespaceServices every Service of the namespace, to tell whether a route's backend exists
 * @param ingresses the namespace's networking.k8s.io/v1 Ingresses
 * @param httpRoutes the namespace's gateway.networking.k8s.io/v1 HTTPRoutes; empty when the Gateway
 *     API is not installed
 * @param networkPolicies the namespace's NetworkPolicies
 * @param clusterDns the cluster DNS (CoreDNS / kube-dns) when it was read, else null: it is read
 *     only when a log of the workload shows a failed name lookup
 */
public record NetworkSnapshot(
    Map<String, List<EndpointSlice>> endpointSlices,
    Map<String, Endpoints> endpoints,
    List<Service> namespaceServices,
    List<Ingress> ingresses,
    List<GenericKubernetesResource> httpRoutes,
    List<NetworkPolicy> networkPolicies,
    ClusterDns clusterDns) {

  /** Nothing read: every network detector finds nothing. */
  public static final NetworkSnapshot EMPTY =
      new NetworkSnapshot(Map.of(), Map.of(), List.of(), List.of(), List.of(), List.of(), null);

  public NetworkSnapshot {
    endpointSlices = endpointSlices == null ? Map.of() : Map.copyOf(endpointSlices);
    endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
    namespaceServices = namespaceServices == null ? List.of() : List.copyOf(namespaceServices);
    ingresses = ingresses == null ? List.of() : List.copyOf(ingresses);
    httpRoutes = httpRoutes == null ? List.of() : List.copyOf(httpRoutes);
    networkPolicies = networkPolicies == null ? List.of() : List.copyOf(networkPolicies);
  }

  /** The namespace's Service of this name, if any. */
  public java.util.Optional<Service> service(String name) {
    return namespaceServices.stream()
        .filter(s -> s.getMetadata().getName().equals(name))
        .findFirst();
  }

  /**
   * The cluster DNS Deployments ({@code k8s-app=kube-dns} in {@code kube-system}: CoreDNS or
   * kube-dns) and their pods.
   */
  public record ClusterDns(
      List<io.fabric8.kubernetes.api.model.apps.Deployment> deployments,
      List<io.fabric8.kubernetes.api.model.Pod> pods) {
    public ClusterDns {
      deployments = deployments == null ? List.of() : List.copyOf(deployments);
      pods = pods == null ? List.of() : List.copyOf(pods);
    }
  }
}

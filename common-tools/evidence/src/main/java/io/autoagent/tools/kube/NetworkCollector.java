package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@link NetworkSnapshot} of one workload: Ingresses and NetworkPolicies from the reader
 * (informer caches when synced), the endpoints of the Services that front the workload when none of
 * its pods they select is ready (else they hold a ready address and tell nothing), HTTPRoutes when
 * the Gateway API is installed, and the cluster DNS only when a log shows a failed lookup.
 */
final class NetworkCollector {

  private final NetworkReads reads;
  private final DnsFailureDetector lookups;

  NetworkCollector(NetworkReads reads, LogSignals signals) {
    this.reads = reads;
    this.lookups = new DnsFailureDetector(signals);
  }

  NetworkSnapshot collect(
      ClusterReader reader,
      HasMetadata workload,
      List<Service> services,
      List<Pod> pods,
      Map<String, String> logs) {
    String ns = workload.getMetadata().getNamespace();
    Map<String, List<EndpointSlice>> slices = new HashMap<>();
    Map<String, Endpoints> endpoints = new HashMap<>();
    for (Service svc : services) {
      if (svc.getSpec() == null
          || svc.getSpec().getSelector() == null
          || svc.getSpec().getSelector().isEmpty()) {
        continue; // no selector: endpoints are managed by hand, nothing to compare with the pods
      }
      if (pods.stream().anyMatch(p -> selected(svc, p) && ready(p))) {
        continue; // a ready pod it selects is a ready endpoint: reading them would tell nothing new
      }
      String name = svc.getMetadata().getName();
      List<EndpointSlice> found = reads.endpointSlices(ns, name);
      if (found != null && !found.isEmpty()) {
        slices.put(name, found);
      } else {
        Endpoints legacy = reads.endpoints(ns, name);
        if (legacy != null) {
          endpoints.put(name, legacy);
        }
      }
    }
    return new NetworkSnapshot(
        slices,
        endpoints,
        reader.services(ns),
        reader.ingresses(ns),
        reads.httpRoutes(ns),
        reader.networkPolicies(ns),
        lookups.anyLookupFailure(logs) ? reads.clusterDns() : null);
  }

  private static boolean selected(Service svc, Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels != null
        && svc.getSpec().getSelector().entrySet().stream()
            .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}

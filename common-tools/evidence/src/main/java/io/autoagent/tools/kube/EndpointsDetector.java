package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Service that fronts the workload has no ready endpoint, read from its EndpointSlices
 * (discovery.k8s.io/v1) or, when it has none, its core/v1 Endpoints. Two different stories:
 *
 * <ul>
 *   <li><b>selector matches nothing</b>: no address at all, ready or not, while the workload has
 *       running pods, and none of them carries the labels the selector asks for (pods relabelled by
 *       hand, or a Service whose selector matches the template but not the live pods): a {@link
 *       Category#NETWORK} cause, {@code network_problem=no_endpoints};
 *   <li><b>no ready address</b>: the selector finds pods but none is ready. That is a symptom: the
 *       pods' own findings (crash loop, probes) say why, so it is reported {@link Severity#LOW}, as
 *       evidence only, {@code network_problem=endpoints_not_ready}.
 * </ul>
 *
 * A Service whose selector does not match the pod template is {@link ServiceDetector}'s; Services
 * without a selector and Services whose endpoints could not be read are skipped.
 */
final class EndpointsDetector implements FailureDetector {

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    Map<String, String> template = ServiceDetector.templateLabels(snapshot.workload());
    List<Finding> findings = new ArrayList<>();
    for (Service svc : snapshot.services()) {
      String name = svc.getMetadata().getName();
      Map<String, String> selector = svc.getSpec() == null ? null : svc.getSpec().getSelector();
      if (selector == null || selector.isEmpty() || !ServiceDetector.selects(svc, template)) {
        continue;
      }
      Count count = count(snapshot.network(), name);
      if (count == null || count.ready() > 0) {
        continue;
      }
      String ref = Kube.ref("Service", snapshot.namespace(), name);
      if (count.notReady() > 0) {
        findings.add(
            new Finding(
                Category.NETWORK,
                Severity.LOW,
                ref,
                "Service "
                    + name
                    + " has no ready endpoint: its "
                    + count.notReady()
                    + " address(es) belong to pods that are "
                    + "not ready, so it refuses traffic until they are (the pods' own findings say why).",
                List.of(
                    count.source()
                        + " of Service "
                        + name
                        + ": 0 ready, "
                        + count.notReady()
                        + " not ready"),
                Kube.attrs(
                    ServiceDetector.ATTR_SERVICE,
                    name,
                    ServiceDetector.ATTR_PROBLEM,
                    "endpoints_not_ready")));
        continue;
      }
      List<Pod> running = snapshot.pods().stream().filter(EndpointsDetector::running).toList();
      boolean anyMatches =
          snapshot.pods().stream()
              .anyMatch(p -> LabelSelectors.selects(selector, p.getMetadata().getLabels()));
      if (running.isEmpty() || anyMatches) {
        // no pod to send traffic to (other detectors say why), or some pod matches: a rollout whose
        // new pods are not running yet, or slices that lag behind
        continue;
      }
      Pod first = running.getFirst();
      findings.add(
          new Finding(
              Category.NETWORK,
              Severity.HIGH,
              ref,
              "Service "
                  + name
                  + " has no endpoint at all: its selector "
                  + selector
                  + " matches none of the "
                  + running.size()
                  + " running pod(s) of "
                  + snapshot.kind()
                  + " "
                  + snapshot.name()
                  + " (their labels were changed, for example "
                  + first.getMetadata().getLabels()
                  + ").",
              List.of(
                  count.source() + " of Service " + name + ": no address",
                  "Service " + name + ": spec.selector=" + selector,
                  "pod "
                      + first.getMetadata().getName()
                      + ": labels="
                      + first.getMetadata().getLabels()),
              Kube.attrs(
                  ServiceDetector.ATTR_SERVICE,
                  name,
                  ServiceDetector.ATTR_PROBLEM,
                  "no_endpoints")));
    }
    return findings;
  }

  /**
   * Ready and not-ready addresses of the Service; null when neither slices nor Endpoints were read.
   */
  static Count count(NetworkSnapshot network, String service) {
    List<EndpointSlice> slices = network.endpointSlices().get(service);
    if (slices != null) {
      int ready = 0;
      int notReady = 0;
      for (EndpointSlice slice : slices) {
        for (Endpoint e :
            slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
          // a missing condition means "unknown", which consumers treat as ready
          // (discovery.k8s.io/v1)
          boolean ok =
              e.getConditions() == null
                  || e.getConditions().getReady() == null
                  || e.getConditions().getReady();
          if (ok) {
            ready++;
          } else {
            notReady++;
          }
        }
      }
      return new Count("EndpointSlices", ready, notReady);
    }
    Endpoints endpoints = network.endpoints().get(service);
    if (endpoints == null) {
      return null;
    }
    int ready = 0;
    int notReady = 0;
    for (EndpointSubset subset :
        endpoints.getSubsets() == null ? List.<EndpointSubset>of() : endpoints.getSubsets()) {
      ready += subset.getAddresses() == null ? 0 : subset.getAddresses().size();
      notReady += subset.getNotReadyAddresses() == null ? 0 : subset.getNotReadyAddresses().size();
    }
    return new Count("Endpoints", ready, notReady);
  }

  record Count(String source, int ready, int notReady) {}

  private static boolean running(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null
        && pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase());
  }
}

package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Ingress and HTTPRoute checks share: which routes concern the alerted workload, and whether a
 * backend's Service and port exist.
 */
final class RouteBackends {

  private RouteBackends() {}

  /** Names that stand for the workload: the alerted service, the workload, and its Services. */
  static Set<String> names(WorkloadSnapshot snapshot) {
    Set<String> names = new HashSet<>();
    names.add(snapshot.alert().service());
    names.add(snapshot.name());
    snapshot.services().forEach(s -> names.add(s.getMetadata().getName()));
    return names;
  }

  /**
   * Whether the route concerns the workload: it is named after it, carries one of its service
   * labels with one of its names, or sends traffic to a backend named after it.
   */
  static boolean concerns(HasMetadata route, Set<String> names, List<String> backends) {
    if (names.contains(route.getMetadata().getName())
        || backends.stream().anyMatch(names::contains)) {
      return true;
    }
    Map<String, String> labels = route.getMetadata().getLabels();
    return labels != null
        && ClusterReader.SERVICE_LABELS.stream().anyMatch(l -> names.contains(labels.get(l)));
  }

  /**
   * What is wrong with a backend: null when fine, else a sentence naming the missing Service or
   * port.
   */
  static String problem(
      NetworkSnapshot network, String service, Integer portNumber, String portName) {
    Optional<Service> svc = network.service(service);
    if (svc.isEmpty()) {
      return "Service " + service + " does not exist";
    }
    List<ServicePort> ports =
        svc.get().getSpec() == null || svc.get().getSpec().getPorts() == null
            ? List.of()
            : svc.get().getSpec().getPorts();
    boolean exposed =
        ports.stream()
            .anyMatch(
                p ->
                    portNumber != null
                        ? portNumber.equals(p.getPort())
                        : portName == null || portName.equals(p.getName()));
    return exposed
        ? null
        : "Service "
            + service
            + " exposes no port "
            + (portNumber != null ? portNumber : portName)
            + " (it exposes "
            + ports.stream()
                .map(p -> p.getPort() + (p.getName() == null ? "" : "/" + p.getName()))
                .toList()
            + ")";
  }
}

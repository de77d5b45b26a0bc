package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An Ingress (networking.k8s.io/v1) that concerns the workload routes to a Service that does not
 * exist, or to a port its Service does not expose, a {@link Category#NETWORK} cause: the controller
 * answers 503 for those paths. An Ingress concerns the workload when it is named after it, carries
 * one of its service labels, or names one of its Services (or the alerted service) as a backend.
 * One finding per broken backend; resource backends (not Services) are skipped.
 */
final class IngressDetector implements FailureDetector {

  static final String ATTR_INGRESS = "ingress";

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    Set<String> names = RouteBackends.names(snapshot);
    List<Finding> findings = new ArrayList<>();
    for (Ingress ingress : snapshot.network().ingresses()) {
      Map<String, IngressBackend> backends = backends(ingress);
      List<String> services =
          backends.values().stream().map(b -> b.getService().getName()).toList();
      if (!RouteBackends.concerns(ingress, names, services)) {
        continue;
      }
      String name = ingress.getMetadata().getName();
      Set<String> reported = new java.util.HashSet<>();
      backends.forEach(
          (where, backend) -> {
            var svc = backend.getService();
            Integer number = svc.getPort() == null ? null : svc.getPort().getNumber();
            String portName = svc.getPort() == null ? null : svc.getPort().getName();
            String problem =
                RouteBackends.problem(snapshot.network(), svc.getName(), number, portName);
            if (problem != null && reported.add(svc.getName() + ":" + number + ":" + portName)) {
              String port = number != null ? String.valueOf(number) : portName;
              findings.add(
                  new Finding(
                      Category.NETWORK,
                      Severity.HIGH,
                      Kube.ref("Ingress", snapshot.namespace(), name),
                      "Ingress "
                          + name
                          + " routes "
                          + where
                          + " to Service "
                          + svc.getName()
                          + " port "
                          + port
                          + ", but "
                          + problem
                          + ": requests there fail (503) whatever the pods do.",
                      List.of(
                          "Ingress "
                              + name
                              + ": "
                              + where
                              + " -> service "
                              + svc.getName()
                              + ":"
                              + port,
                          problem),
                      Kube.attrs(
                          ATTR_INGRESS,
                          name,
                          ServiceDetector.ATTR_SERVICE,
                          svc.getName(),
                          ServiceDetector.ATTR_PROBLEM,
                          problem.contains("does not exist")
                              ? "ingress_missing_service"
                              : "ingress_missing_port")));
            }
          });
    }
    return findings;
  }

  /**
   * Each Service backend of the Ingress, keyed by where it is used ({@code host/path} or {@code
   * default}).
   */
  static Map<String, IngressBackend> backends(Ingress ingress) {
    Map<String, IngressBackend> out = new LinkedHashMap<>();
    if (ingress.getSpec() == null) {
      return out;
    }
    IngressBackend fallback = ingress.getSpec().getDefaultBackend();
    if (fallback != null && fallback.getService() != null) {
      out.put("the default backend", fallback);
    }
    for (IngressRule rule :
        ingress.getSpec().getRules() == null
            ? List.<IngressRule>of()
            : ingress.getSpec().getRules()) {
      if (rule.getHttp() == null || rule.getHttp().getPaths() == null) {
        continue;
      }
      for (HTTPIngressPath path : rule.getHttp().getPaths()) {
        if (path.getBackend() != null && path.getBackend().getService() != null) {
          out.put(
              (rule.getHost() == null ? "*" : rule.getHost())
                  + (path.getPath() == null ? "/" : path.getPath()),
              path.getBackend());
        }
      }
    }
    return out;
  }
}

package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Gateway API HTTPRoute (gateway.networking.k8s.io/v1, read only where its CRD is installed) that
 * concerns the workload sends traffic to a Service that does not exist or to a port the Service
 * does not expose, a {@link Category#NETWORK} cause. Only {@code backendRefs} to core Services in
 * the route's own namespace are judged (cross-namespace references need a ReferenceGrant this agent
 * does not read). The route's {@code ResolvedRefs=False} conditions are quoted when present. One
 * finding per broken backend.
 */
final class HttpRouteDetector implements FailureDetector {

  static final String ATTR_ROUTE = "httproute";

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    Set<String> names = RouteBackends.names(snapshot);
    List<Finding> findings = new ArrayList<>();
    for (GenericKubernetesResource route : snapshot.network().httpRoutes()) {
      List<Map<?, ?>> refs = serviceRefs(route, snapshot.namespace());
      List<String> services = refs.stream().map(r -> String.valueOf(r.get("name"))).toList();
      if (!RouteBackends.concerns(route, names, services)) {
        continue;
      }
      String name = route.getMetadata().getName();
      Set<String> reported = new HashSet<>();
      for (Map<?, ?> ref : refs) {
        String service = String.valueOf(ref.get("name"));
        Integer port = ref.get("port") instanceof Number n ? n.intValue() : null;
        String problem = RouteBackends.problem(snapshot.network(), service, port, null);
        if (problem == null || !reported.add(service + ":" + port)) {
          continue;
        }
        List<String> evidence = new ArrayList<>();
        evidence.add("HTTPRoute " + name + ": backendRef " + service + ":" + Kube.orDash(port));
        evidence.add(problem);
        evidence.addAll(unresolved(route));
        findings.add(
            new Finding(
                Category.NETWORK,
                Severity.HIGH,
                Kube.ref("HTTPRoute", snapshot.namespace(), name),
                "HTTPRoute "
                    + name
                    + " sends traffic to Service "
                    + service
                    + " port "
                    + Kube.orDash(port)
                    + ", but "
                    + problem
                    + ": the gateway cannot deliver those requests whatever the pods do.",
                evidence,
                Kube.attrs(
                    ATTR_ROUTE,
                    name,
                    ServiceDetector.ATTR_SERVICE,
                    service,
                    ServiceDetector.ATTR_PROBLEM,
                    problem.contains("does not exist")
                        ? "route_missing_service"
                        : "route_missing_port")));
      }
    }
    return findings;
  }

  /** The route's backendRefs that are core Services in its own namespace. */
  static List<Map<?, ?>> serviceRefs(GenericKubernetesResource route, String namespace) {
    List<Map<?, ?>> out = new ArrayList<>();
    for (Object rule : list(map(route.getAdditionalProperties().get("spec")).get("rules"))) {
      for (Object ref : list(map(rule).get("backendRefs"))) {
        Map<?, ?> r = map(ref);
        boolean service =
            Objects.toString(r.get("kind"), "Service").equals("Service")
                && Objects.toString(r.get("group"), "").isEmpty();
        boolean local = r.get("namespace") == null || namespace.equals(r.get("namespace"));
        if (service && local && r.get("name") != null) {
          out.add(r);
        }
      }
    }
    return out;
  }

  /** {@code ResolvedRefs=False} conditions of the route's parents, as evidence lines. */
  private static List<String> unresolved(GenericKubernetesResource route) {
    List<String> lines = new ArrayList<>();
    for (Object parent : list(map(route.getAdditionalProperties().get("status")).get("parents"))) {
      for (Object c : list(map(parent).get("conditions"))) {
        Map<?, ?> cond = map(c);
        if ("ResolvedRefs".equals(cond.get("type")) && "False".equals(cond.get("status"))) {
          lines.add(
              "status: ResolvedRefs=False reason="
                  + cond.get("reason")
                  + " message="
                  + cond.get("message"));
        }
      }
    }
    return lines;
  }

  private static Map<?, ?> map(Object o) {
    return o instanceof Map<?, ?> m ? m : Map.of();
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }
}

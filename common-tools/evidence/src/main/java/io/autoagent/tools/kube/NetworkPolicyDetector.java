package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * NetworkPolicies that select the workload's pods admit no ingress on a port its Service sends
 * traffic to, a {@link Category#NETWORK} cause: a default-deny policy, or allow-lists none of whose
 * rules covers that port. Kubernetes admits a connection to a pod when any policy selecting it for
 * Ingress has a rule matching it, so the rules of all selecting policies are pooled.
 *
 * <ul>
 *   <li>A policy applies to Ingress when {@code policyTypes} lists it or is empty; egress-only
 *       policies do not restrict ingress.
 *   <li>A rule without ports admits every port; a numbered port (with {@code endPort}) or a named
 *       port is compared with the Service's {@code targetPort}, resolved through the container
 *       ports. Rules restricted by source ({@code from}) count as admitting: the caller is unknown.
 *   <li>Label selectors are evaluated here, {@code matchExpressions} included.
 * </ul>
 *
 * One finding per blocked Service port, naming the policies.
 */
final class NetworkPolicyDetector implements FailureDetector {

  static final String ATTR_POLICIES = "network_policies";

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    Map<String, String> labels = ServiceDetector.templateLabels(snapshot.workload());
    if (labels.isEmpty()) {
      return List.of();
    }
    List<NetworkPolicy> ingress =
        snapshot.network().networkPolicies().stream()
            .filter(
                p ->
                    p.getSpec() != null
                        && LabelSelectors.matches(p.getSpec().getPodSelector(), labels)
                        && appliesToIngress(p))
            .toList();
    if (ingress.isEmpty()) {
      return List.of();
    }
    List<Container> containers =
        snapshot.podTemplate() == null || snapshot.podTemplate().getSpec() == null
            ? List.of()
            : snapshot.podTemplate().getSpec().getContainers();
    List<String> names = ingress.stream().map(p -> p.getMetadata().getName()).toList();
    boolean defaultDeny = ingress.stream().allMatch(p -> rules(p).isEmpty());
    List<Finding> findings = new ArrayList<>();
    for (Service svc : snapshot.services()) {
      if (!ServiceDetector.selects(svc, labels) || svc.getSpec().getPorts() == null) {
        continue;
      }
      for (ServicePort port : svc.getSpec().getPorts()) {
        Target target = target(port, containers);
        if (ingress.stream()
            .flatMap(p -> rules(p).stream())
            .anyMatch(rule -> admits(rule, target))) {
          continue;
        }
        String svcName = svc.getMetadata().getName();
        findings.add(
            new Finding(
                Category.NETWORK,
                Severity.HIGH,
                Kube.ref("NetworkPolicy", snapshot.namespace(), names.getFirst()),
                "NetworkPolicy "
                    + String.join(", ", names)
                    + " selects the pods of "
                    + snapshot.kind()
                    + " "
                    + snapshot.name()
                    + " and admits no ingress on "
                    + target
                    + ", where Service "
                    + svcName
                    + " sends its traffic"
                    + (defaultDeny
                        ? " (default deny: no ingress rule at all)."
                        : " (no ingress rule covers that port)."),
                evidence(ingress, svcName, port, target),
                Kube.attrs(
                    ATTR_POLICIES,
                    String.join(",", names),
                    ServiceDetector.ATTR_SERVICE,
                    svcName,
                    ServiceDetector.ATTR_PROBLEM,
                    defaultDeny ? "network_policy_default_deny" : "network_policy_port")));
      }
    }
    return findings;
  }

  /** The Service port's target as a container port: number and name as far as they are known. */
  record Target(Integer number, String name, String protocol) {
    @Override
    public String toString() {
      return "port "
          + (number != null ? number : name)
          + (name != null && number != null ? " (" + name + ")" : "")
          + "/"
          + protocol;
    }
  }

  static Target target(ServicePort port, List<Container> containers) {
    IntOrString t =
        port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
    String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
    List<ContainerPort> declared =
        containers.stream()
            .flatMap(
                c ->
                    c.getPorts() == null
                        ? java.util.stream.Stream.<ContainerPort>empty()
                        : c.getPorts().stream())
            .toList();
    if (t.getIntVal() != null) {
      String name =
          declared.stream()
              .filter(p -> t.getIntVal().equals(p.getContainerPort()))
              .map(ContainerPort::getName)
              .filter(Objects::nonNull)
              .findFirst()
              .orElse(null);
      return new Target(t.getIntVal(), name, protocol);
    }
    Integer number =
        declared.stream()
            .filter(p -> t.getStrVal().equals(p.getName()))
            .map(ContainerPort::getContainerPort)
            .findFirst()
            .orElse(null);
    return new Target(number, t.getStrVal(), protocol);
  }

  private static boolean admits(NetworkPolicyIngressRule rule, Target target) {
    if (rule.getPorts() == null || rule.getPorts().isEmpty()) {
      return true;
    }
    for (NetworkPolicyPort p : rule.getPorts()) {
      if (!Objects.equals(p.getProtocol() == null ? "TCP" : p.getProtocol(), target.protocol())) {
        continue;
      }
      IntOrString allowed = p.getPort();
      if (allowed == null) {
        return true;
      }
      if (allowed.getIntVal() != null) {
        int to = p.getEndPort() == null ? allowed.getIntVal() : p.getEndPort();
        // a named target no container declares cannot be compared: not this detector's to judge
        if (target.number() == null
            || target.number() >= allowed.getIntVal() && target.number() <= to) {
          return true;
        }
      } else if (allowed.getStrVal() != null && allowed.getStrVal().equals(target.name())) {
        return true;
      }
    }
    return false;
  }

  private static List<NetworkPolicyIngressRule> rules(NetworkPolicy p) {
    return p.getSpec().getIngress() == null ? List.of() : p.getSpec().getIngress();
  }

  /**
   * Ingress is restricted when policyTypes lists it, or is unset (Kubernetes then always implies
   * Ingress).
   */
  static boolean appliesToIngress(NetworkPolicy p) {
    List<String> types = p.getSpec().getPolicyTypes();
    return types == null || types.isEmpty() || types.contains("Ingress");
  }

  private static List<String> evidence(
      List<NetworkPolicy> policies, String svc, ServicePort port, Target target) {
    List<String> lines = new ArrayList<>();
    lines.add("Service " + svc + ": port " + port.getPort() + " -> " + target);
    for (NetworkPolicy p : policies) {
      List<String> allowed =
          rules(p).stream()
              .map(
                  r ->
                      r.getPorts() == null || r.getPorts().isEmpty()
                          ? "all ports"
                          : String.join(
                              ",",
                              r.getPorts().stream().map(NetworkPolicyDetector::describe).toList()))
              .toList();
      lines.add(
          "NetworkPolicy "
              + p.getMetadata().getName()
              + ": podSelector="
              + describe(p.getSpec().getPodSelector())
              + ", policyTypes="
              + p.getSpec().getPolicyTypes()
              + ", ingress rules allow "
              + (allowed.isEmpty() ? "nothing" : allowed));
    }
    return lines;
  }

  private static String describe(NetworkPolicyPort p) {
    String port =
        p.getPort() == null
            ? "any"
            : p.getPort().getIntVal() != null
                ? String.valueOf(p.getPort().getIntVal())
                : p.getPort().getStrVal();
    return port
        + (p.getEndPort() == null ? "" : "-" + p.getEndPort())
        + "/"
        + (p.getProtocol() == null ? "TCP" : p.getProtocol());
  }

  private static String describe(LabelSelector s) {
    if (s == null
        || (s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
            && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty())) {
      return "{} (every pod)";
    }
    return (s.getMatchLabels() == null ? "" : s.getMatchLabels().toString())
        + (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty()
            ? ""
            : s.getMatchExpressions().stream()
                .map(r -> r.getKey() + " " + r.getOperator() + " " + r.getValues())
                .toList());
  }
}

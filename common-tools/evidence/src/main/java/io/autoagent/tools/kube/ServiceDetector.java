package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Traffic cannot reach the workload through its Service, a {@link Category#NETWORK} cause:
 *
 * <ul>
 *   <li>a Service named after the alerted service or the workload whose selector matches none of
 *       the workload's pod template labels (a label renamed on one side);
 *   <li>a Service selecting the pods whose {@code targetPort} no container serves: a number no
 *       container declares, or a name no container port carries. Containers that declare no ports
 *       at all prove nothing and are not reported.
 * </ul>
 *
 * Services without a selector (ExternalName, manually managed endpoints) are skipped. Pods that are
 * selected but not ready are the other detectors' business (crash loops, probes).
 */
final class ServiceDetector implements FailureDetector {

  static final String ATTR_SERVICE = "service";
  static final String ATTR_PROBLEM = "network_problem";

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    Map<String, String> labels = templateLabels(snapshot.workload());
    List<Finding> findings = new ArrayList<>();
    for (Service svc : snapshot.services()) {
      Map<String, String> selector = svc.getSpec() == null ? null : svc.getSpec().getSelector();
      if (selector == null || selector.isEmpty()) {
        continue;
      }
      String name = svc.getMetadata().getName();
      if (!selects(svc, labels)) {
        findings.add(
            new Finding(
                Category.NETWORK,
                Severity.HIGH,
                Kube.ref("Service", snapshot.namespace(), name),
                "Service "
                    + name
                    + " selects no pod of "
                    + snapshot.kind()
                    + " "
                    + snapshot.name()
                    + ": its selector "
                    + selector
                    + " does not match the pod labels "
                    + labels
                    + ", so it has no endpoints.",
                List.of(
                    "Service " + name + ": spec.selector=" + selector,
                    snapshot.kind() + " " + snapshot.name() + ": pod template labels=" + labels),
                Kube.attrs(ATTR_SERVICE, name, ATTR_PROBLEM, "selector_mismatch")));
        continue;
      }
      List<Container> containers = containers(snapshot);
      boolean declared =
          containers.stream().anyMatch(c -> c.getPorts() != null && !c.getPorts().isEmpty());
      if (!declared || svc.getSpec().getPorts() == null) {
        continue;
      }
      for (ServicePort port : svc.getSpec().getPorts()) {
        IntOrString target =
            port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
        if (!served(containers, target)) {
          String t =
              target.getIntVal() != null ? String.valueOf(target.getIntVal()) : target.getStrVal();
          findings.add(
              new Finding(
                  Category.NETWORK,
                  Severity.HIGH,
                  Kube.ref("Service", snapshot.namespace(), name),
                  "Service "
                      + name
                      + " sends port "
                      + port.getPort()
                      + " to targetPort "
                      + t
                      + ", which no container of "
                      + snapshot.kind()
                      + " "
                      + snapshot.name()
                      + " serves ("
                      + declaredPorts(containers)
                      + ").",
                  List.of(
                      "Service " + name + ": port " + port.getPort() + " -> targetPort " + t,
                      snapshot.kind()
                          + " "
                          + snapshot.name()
                          + ": container ports "
                          + declaredPorts(containers)),
                  Kube.attrs(ATTR_SERVICE, name, ATTR_PROBLEM, "target_port", "target_port", t)));
        }
      }
    }
    return findings;
  }

  private static List<Container> containers(WorkloadSnapshot snapshot) {
    PodTemplateSpec t = snapshot.podTemplate();
    return t == null || t.getSpec() == null || t.getSpec().getContainers() == null
        ? List.of()
        : t.getSpec().getContainers();
  }

  private static boolean served(List<Container> containers, IntOrString target) {
    for (Container c : containers) {
      for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
        if (target.getIntVal() != null
            ? Objects.equals(target.getIntVal(), p.getContainerPort())
            : Objects.equals(target.getStrVal(), p.getName())) {
          return true;
        }
      }
    }
    return false;
  }

  private static String declaredPorts(List<Container> containers) {
    List<String> out = new ArrayList<>();
    containers.forEach(
        c ->
            (c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts())
                .forEach(
                    p ->
                        out.add(
                            c.getName()
                                + ":"
                                + p.getContainerPort()
                                + (p.getName() == null ? "" : "/" + p.getName()))));
    return String.join(", ", out);
  }

  /**
   * Whether the Service's selector matches these pod labels; a Service without a selector selects
   * nothing ({@link LabelSelectors#selects}).
   */
  static boolean selects(Service svc, Map<String, String> labels) {
    return LabelSelectors.selects(
        svc.getSpec() == null ? null : svc.getSpec().getSelector(), labels);
  }

  /** The pod template labels of a Deployment, StatefulSet or DaemonSet; empty for other kinds. */
  static Map<String, String> templateLabels(HasMetadata workload) {
    PodTemplateSpec t =
        switch (workload) {
          case Deployment d -> d.getSpec().getTemplate();
          case StatefulSet s -> s.getSpec().getTemplate();
          case DaemonSet d -> d.getSpec().getTemplate();
          default -> null;
        };
    return t == null || t.getMetadata() == null || t.getMetadata().getLabels() == null
        ? Map.of()
        : t.getMetadata().getLabels();
  }
}

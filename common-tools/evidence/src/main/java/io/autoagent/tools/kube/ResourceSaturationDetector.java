package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * RESOURCE_SATURATION: containers using at least 90 % of their CPU or memory limit according to
 * {@code metrics.k8s.io}, and HPAs that run at their maximum. Without metrics-server only the HPA
 * check runs.
 */
final class ResourceSaturationDetector implements FailureDetector {

  static final BigDecimal THRESHOLD = new BigDecimal("0.90");

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    if (snapshot.metricsAvailable()) {
      Map<String, Pod> pods =
          snapshot.pods().stream()
              .collect(
                  Collectors.toMap(
                      p -> p.getMetadata().getName(), Function.identity(), (a, b) -> a));
      for (PodMetrics metrics : snapshot.metrics()) {
        Pod pod = pods.get(metrics.getMetadata().getName());
        if (pod != null && metrics.getContainers() != null) {
          metrics.getContainers().forEach(c -> usage(pod, c, findings));
        }
      }
    }
    snapshot.autoscalers().forEach(hpa -> hpa(snapshot, hpa, findings));
    return findings;
  }

  private static void usage(Pod pod, ContainerMetrics usage, List<Finding> findings) {
    Container spec = Kube.container(pod, usage.getName()).orElse(null);
    if (spec == null
        || spec.getResources() == null
        || spec.getResources().getLimits() == null
        || usage.getUsage() == null) {
      return;
    }
    for (String resource : List.of("memory", "cpu")) {
      Quantity limit = spec.getResources().getLimits().get(resource);
      Quantity used = usage.getUsage().get(resource);
      if (limit == null || used == null) {
        continue;
      }
      BigDecimal max = Quantity.getAmountInBytes(limit);
      if (max.signum() <= 0) {
        continue;
      }
      BigDecimal ratio = Quantity.getAmountInBytes(used).divide(max, 3, RoundingMode.HALF_UP);
      if (ratio.compareTo(THRESHOLD) >= 0) {
        String podName = pod.getMetadata().getName();
        int percent = ratio.movePointRight(2).intValue();
        findings.add(
            new Finding(
                Category.RESOURCE_SATURATION,
                Severity.MEDIUM,
                Kube.podRef(pod),
                "Container "
                    + usage.getName()
                    + " of pod "
                    + podName
                    + " uses "
                    + percent
                    + " % of its "
                    + resource
                    + " limit ("
                    + used
                    + " of "
                    + limit
                    + ").",
                List.of(
                    "metrics.k8s.io pod "
                        + podName
                        + " container "
                        + usage.getName()
                        + ": usage."
                        + resource
                        + "="
                        + used
                        + ", limits."
                        + resource
                        + "="
                        + limit
                        + " (window "
                        + Kube.orDash(usage.getAdditionalProperties().get("window"))
                        + ")"),
                Kube.attrs(
                    Finding.ATTR_POD,
                    podName,
                    Finding.ATTR_CONTAINER,
                    usage.getName(),
                    "resource",
                    resource,
                    Finding.ATTR_MEMORY_PEAK,
                    resource.equals("memory") ? used.toString() : null,
                    Finding.ATTR_MEMORY_LIMIT,
                    resource.equals("memory") ? limit.toString() : null,
                    Finding.ATTR_MEMORY_REQUEST,
                    resource.equals("memory") ? Kube.request(spec, "memory") : null)));
      }
    }
  }

  private static void hpa(
      WorkloadSnapshot snapshot, HorizontalPodAutoscaler hpa, List<Finding> findings) {
    Integer max = hpa.getSpec() == null ? null : hpa.getSpec().getMaxReplicas();
    Integer current = hpa.getStatus() == null ? null : hpa.getStatus().getCurrentReplicas();
    Integer desired = hpa.getStatus() == null ? null : hpa.getStatus().getDesiredReplicas();
    if (max == null || current == null || current < max) {
      return;
    }
    String name = hpa.getMetadata().getName();
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "HorizontalPodAutoscaler "
            + name
            + ": currentReplicas="
            + current
            + ", desiredReplicas="
            + Kube.orDash(desired)
            + ", maxReplicas="
            + max);
    if (hpa.getStatus().getConditions() != null) {
      hpa.getStatus().getConditions().stream()
          .filter(c -> "ScalingLimited".equals(c.getType()))
          .forEach(
              c ->
                  evidence.add(
                      "condition ScalingLimited="
                          + c.getStatus()
                          + " reason="
                          + Kube.orDash(c.getReason())
                          + " ("
                          + Kube.orDash(c.getMessage())
                          + ")"));
    }
    findings.add(
        new Finding(
            Category.RESOURCE_SATURATION,
            Severity.MEDIUM,
            Kube.ref("HorizontalPodAutoscaler", snapshot.namespace(), name),
            "The autoscaler "
                + name
                + " runs "
                + snapshot.name()
                + " at its maximum of "
                + max
                + " replicas"
                + (Objects.equals(desired, max) || desired == null
                    ? "."
                    : " and wants " + desired + "."),
            evidence,
            Kube.attrs("hpa", name, "max_replicas", String.valueOf(max))));
  }
}

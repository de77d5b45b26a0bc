package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * RESOURCE_SATURATION because the workload's autoscaler cannot act, so load is not met with
 * replicas:
 *
 * <ul>
 *   <li>an HPA with {@code ScalingActive=False} because it cannot read its metrics ({@code
 *       FailedGetResourceMetric}, {@code FailedGetExternalMetric}, ...; a container without a CPU
 *       request is named): {@code autoscaler_problem: metrics_unavailable} or {@code
 *       missing_request};
 *   <li>an HPA with {@code AbleToScale=False} ({@code FailedGetScale}), or one named after the
 *       service whose scale target does not exist: {@code target_missing}.
 * </ul>
 *
 * {@code ScalingActive=False} with reason {@code ScalingDisabled} (the target is at zero) belongs
 * to {@link ScaledToZeroDetector}; an HPA that read its metrics again is not reported.
 */
final class AutoscalerDetector implements FailureDetector {

  static final String ATTR_AUTOSCALER_PROBLEM = "autoscaler_problem";
  private static final Set<String> METRIC_FAILURES =
      Set.of(
          "FailedGetResourceMetric",
          "FailedGetExternalMetric",
          "FailedGetPodsMetric",
          "FailedGetObjectMetric",
          "FailedGetContainerResourceMetric",
          "InvalidMetricSourceType",
          "FailedComputeMetricsReplicas");

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (HorizontalPodAutoscaler hpa : snapshot.autoscalers()) {
      Optional<HorizontalPodAutoscalerCondition> noScale =
          condition(hpa, "AbleToScale")
              .filter(c -> "False".equals(c.getStatus()) && "FailedGetScale".equals(c.getReason()));
      Optional<HorizontalPodAutoscalerCondition> noMetrics =
          condition(hpa, "ScalingActive")
              .filter(
                  c -> "False".equals(c.getStatus()) && METRIC_FAILURES.contains(c.getReason()));
      if (noScale.isPresent()) {
        findings.add(finding(snapshot, hpa, "target_missing", noScale.get()));
      } else if (noMetrics.isPresent()) {
        String message = Kube.orDash(noMetrics.get().getMessage());
        findings.add(
            finding(
                snapshot,
                hpa,
                message.contains("missing request") ? "missing_request" : "metrics_unavailable",
                noMetrics.get()));
      }
    }
    for (HorizontalPodAutoscaler hpa : snapshot.placement().orphanedAutoscalers()) {
      findings.add(
          finding(snapshot, hpa, "target_missing", condition(hpa, "AbleToScale").orElse(null)));
    }
    return findings;
  }

  private static Finding finding(
      WorkloadSnapshot s,
      HorizontalPodAutoscaler hpa,
      String problem,
      HorizontalPodAutoscalerCondition condition) {
    String name = hpa.getMetadata().getName();
    var ref = hpa.getSpec().getScaleTargetRef();
    String target = ref.getKind() + " " + ref.getName();
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "HorizontalPodAutoscaler "
            + name
            + ": scaleTargetRef="
            + target
            + ", minReplicas="
            + Kube.orDash(hpa.getSpec().getMinReplicas())
            + ", maxReplicas="
            + hpa.getSpec().getMaxReplicas()
            + ", currentReplicas="
            + Kube.orDash(hpa.getStatus() == null ? null : hpa.getStatus().getCurrentReplicas()));
    if (condition != null) {
      evidence.add(
          "condition "
              + condition.getType()
              + "="
              + condition.getStatus()
              + " reason="
              + condition.getReason()
              + ": "
              + Kube.orDash(condition.getMessage()));
    }
    s.eventsFor("HorizontalPodAutoscaler", name).stream()
        .filter(e -> Kube.isWarning(e))
        .map(Kube::eventLine)
        .forEach(evidence::add);
    PlacementReads.scaledObject(hpa)
        .ifPresent(so -> evidence.add("managed by KEDA ScaledObject " + so));
    String what =
        switch (problem) {
          case "target_missing" ->
              "its scale target "
                  + target
                  + " does not exist, so "
                  + s.kind()
                  + " "
                  + s.name()
                  + " is not autoscaled";
          case "missing_request" ->
              "it cannot compute utilization because a container has no resource request ("
                  + Kube.orDash(condition == null ? null : condition.getMessage())
                  + ")";
          default ->
              "it cannot read its metrics ("
                  + Kube.orDash(condition == null ? null : condition.getMessage())
                  + "), so it holds the replica count where it is";
        };
    return new Finding(
        Category.RESOURCE_SATURATION,
        Severity.HIGH,
        Kube.ref("HorizontalPodAutoscaler", s.namespace(), name),
        "HorizontalPodAutoscaler "
            + name
            + " cannot scale: "
            + what
            + "; fix the autoscaler (metrics pipeline, requests or target) rather than the pods.",
        evidence,
        Kube.attrs(ATTR_AUTOSCALER_PROBLEM, problem, "autoscaler", name));
  }

  static Optional<HorizontalPodAutoscalerCondition> condition(
      HorizontalPodAutoscaler hpa, String type) {
    return hpa.getStatus() == null || hpa.getStatus().getConditions() == null
        ? Optional.empty()
        : hpa.getStatus().getConditions().stream()
            .filter(c -> type.equals(c.getType()))
            .findFirst();
  }
}

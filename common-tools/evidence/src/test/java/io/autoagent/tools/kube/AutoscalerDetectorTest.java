package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.PlacementFixtures.placement;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerConditionBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoscalerDetectorTest {

  private final Deployment web = PlacementFixtures.deployment(2);

  private static HorizontalPodAutoscaler hpa(
      String name, String target, String type, String status, String reason, String message) {
    return new HorizontalPodAutoscalerBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(PlacementFixtures.NS)
        .endMetadata()
        .withNewSpec()
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(target)
        .endScaleTargetRef()
        .withMinReplicas(2)
        .withMaxReplicas(10)
        .endSpec()
        .withNewStatus()
        .withCurrentReplicas(2)
        .withDesiredReplicas(2)
        .withConditions(
            new HorizontalPodAutoscalerConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .build())
        .endStatus()
        .build();
  }

  private WorkloadSnapshot snapshot(
      List<HorizontalPodAutoscaler> targeting, PlacementEvidence placement) {
    return PlacementFixtures.snapshot(
        web,
        List.of(PlacementFixtures.replicaSet(web)),
        List.of(),
        Map.of(),
        List.of(),
        targeting,
        placement);
  }

  @Test
  void reportsAnHpaThatCannotReadItsMetrics() {
    HorizontalPodAutoscaler h =
        hpa(
            "web",
            "web",
            "ScalingActive",
            "False",
            "FailedGetResourceMetric",
            "the HPA was unable to compute the replica count: unable to get metrics for resource cpu: no metrics returned "
                + "from resource metrics API");

    assertThat(new AutoscalerDetector().detect(snapshot(List.of(h), PlacementEvidence.NONE)))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.RESOURCE_SATURATION);
              assertThat(f.resource()).isEqualTo("HorizontalPodAutoscaler/shop/web");
              assertThat(f.attributes()).containsEntry("autoscaler_problem", "metrics_unavailable");
              assertThat(f.message()).contains("cannot read its metrics");
            });
  }

  @Test
  void namesAMissingCpuRequest() {
    HorizontalPodAutoscaler h =
        hpa(
            "web",
            "web",
            "ScalingActive",
            "False",
            "FailedGetResourceMetric",
            "the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container app");

    assertThat(new AutoscalerDetector().detect(snapshot(List.of(h), PlacementEvidence.NONE)))
        .singleElement()
        .satisfies(
            f -> assertThat(f.attributes()).containsEntry("autoscaler_problem", "missing_request"));
  }

  @Test
  void reportsAnHpaWhoseTargetDoesNotExist() {
    HorizontalPodAutoscaler orphan =
        hpa(
            "web",
            "web-v1",
            "AbleToScale",
            "False",
            "FailedGetScale",
            "the HPA controller was unable to get the target's current scale: deployments/scale.apps \"web-v1\" not found");

    assertThat(
            new AutoscalerDetector()
                .detect(snapshot(List.of(), placement().orphan(orphan).build())))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.attributes()).containsEntry("autoscaler_problem", "target_missing");
              assertThat(f.message()).contains("Deployment web-v1 does not exist");
            });
  }

  @Test
  void leavesAnHpaAtZeroAndAHealthyOneAlone() {
    // near miss: ScalingActive=False because the target is at zero is the scaled-to-zero detector's
    HorizontalPodAutoscaler idle =
        hpa(
            "web",
            "web",
            "ScalingActive",
            "False",
            "ScalingDisabled",
            "scaling is disabled since the replica count of the target is zero");
    HorizontalPodAutoscaler fine =
        hpa(
            "web",
            "web",
            "ScalingActive",
            "True",
            "ValidMetricFound",
            "the HPA was able to successfully calculate a replica count from cpu resource utilization");

    assertThat(new AutoscalerDetector().detect(snapshot(List.of(idle), PlacementEvidence.NONE)))
        .isEmpty();
    assertThat(new AutoscalerDetector().detect(snapshot(List.of(fine), PlacementEvidence.NONE)))
        .isEmpty();
  }
}

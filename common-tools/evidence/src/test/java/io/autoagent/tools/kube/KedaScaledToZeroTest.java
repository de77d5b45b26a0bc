package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.PlacementFixtures.placement;
import static io.autoagent.tools.kube.PlacementFixtures.warning;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ScaledToZeroDetector} with an autoscaler holding the workload at zero. */
class KedaScaledToZeroTest {

  private final Deployment web = PlacementFixtures.deployment(0);

  private static HorizontalPodAutoscaler kedaHpa() {
    return new HorizontalPodAutoscalerBuilder()
        .withNewMetadata()
        .withName("keda-hpa-web")
        .withNamespace(PlacementFixtures.NS)
        .withLabels(Map.of("scaledobject.keda.sh/name", "web"))
        .endMetadata()
        .withNewSpec()
        .withNewScaleTargetRef()
        .withKind("Deployment")
        .withName("web")
        .endScaleTargetRef()
        .withMinReplicas(1)
        .withMaxReplicas(5)
        .endSpec()
        .build();
  }

  private WorkloadSnapshot snapshot(HorizontalPodAutoscaler hpa, PlacementEvidence placement) {
    return PlacementFixtures.snapshot(
        web, List.of(), List.of(), Map.of(), List.of(), List.of(hpa), placement);
  }

  @Test
  void reportsKedaHoldingTheWorkloadAtZeroWhileItsScalerFails() {
    PlacementEvidence placement =
        placement()
            .related(
                warning(
                    "ScaledObject",
                    "web",
                    "KEDAScalerFailed",
                    "error getting metric for scaler: dial tcp 10.0.3.7:5672: connect: connection refused"))
            .build();

    assertThat(new ScaledToZeroDetector().detect(snapshot(kedaHpa(), placement)))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.SCALED_TO_ZERO);
              assertThat(f.attributes()).containsEntry("scaled_by", "keda");
              assertThat(f.message())
                  .contains("KEDA holds it at zero")
                  .contains("connection refused");
            });
  }

  @Test
  void leavesKedaIdlingAHealthyScalerAlone() {
    // near miss: zero because there is no work, and the scaler reads its queue fine
    assertThat(new ScaledToZeroDetector().detect(snapshot(kedaHpa(), PlacementEvidence.NONE)))
        .isEmpty();
  }

  @Test
  void marksAPlainHpaAtZero() {
    HorizontalPodAutoscaler hpa =
        new HorizontalPodAutoscalerBuilder(kedaHpa())
            .editMetadata()
            .withName("web")
            .withLabels(Map.of())
            .endMetadata()
            .build();

    assertThat(new ScaledToZeroDetector().detect(snapshot(hpa, PlacementEvidence.NONE)))
        .singleElement()
        .satisfies(f -> assertThat(f.attributes()).containsEntry("scaled_by", "hpa"));
  }
}

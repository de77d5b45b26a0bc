package io.autoagent.tools.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftTest {

  private static Deployment deployment(
      int replicas, String image, String logLevel, String memoryLimit, boolean probeDefaults) {
    var probe =
        new io.fabric8.kubernetes.api.model.ProbeBuilder()
            .withNewHttpGet()
            .withPath("/ready")
            .withPort(new IntOrString(8080))
            .endHttpGet();
    if (probeDefaults) {
      probe
          .editHttpGet()
          .withScheme("HTTP")
          .endHttpGet()
          .withTimeoutSeconds(1)
          .withPeriodSeconds(10)
          .withSuccessThreshold(1)
          .withFailureThreshold(3);
    }
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("checkout")
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage(image)
        .addNewEnv()
        .withName("LOG_LEVEL")
        .withValue(logLevel)
        .endEnv()
        .withNewResources()
        .withLimits(Map.of("memory", new Quantity(memoryLimit)))
        .endResources()
        .withReadinessProbe(probe.build())
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  @Test
  void reportsEachDifferingFieldWithBothValues() {
    // given
    WorkloadSpec declared =
        WorkloadSpec.fromObject(deployment(3, "shop:1.5", "info", "512Mi", false)).orElseThrow();
    WorkloadSpec live =
        WorkloadSpec.fromObject(deployment(1, "shop:1.4", "debug", "256Mi", true)).orElseThrow();

    // when
    List<FieldDrift> drifts = Drift.compare(declared, live, false);

    // then
    assertThat(drifts)
        .extracting(FieldDrift::describe)
        .containsExactly(
            "replicas: declared 3, live 1",
            "containers[app].image: declared shop:1.5, live shop:1.4",
            "containers[app].env.LOG_LEVEL: declared <value hidden> (differs), live <value hidden> (differs)",
            "containers[app].resources.limits.memory: declared 512Mi, live 256Mi");
    var finding = Drift.finding(live, "shop", drifts, "git").orElseThrow();
    assertThat(finding.category()).isEqualTo(Category.CONFIG_DRIFT);
    assertThat(finding.resource()).isEqualTo("Deployment/shop/checkout");
    assertThat(finding.message()).contains("4 field(s)");
  }

  @Test
  void treatsEqualQuantitiesAndDefaultedProbesAsTheSame() {
    WorkloadSpec declared =
        WorkloadSpec.fromObject(deployment(2, "shop:1.5", "info", "512Mi", false)).orElseThrow();
    WorkloadSpec live =
        WorkloadSpec.fromObject(deployment(2, "shop:1.5", "info", "0.5Gi", true)).orElseThrow();

    assertThat(Drift.compare(declared, live, false)).isEmpty();
    assertThat(Drift.finding(live, "shop", List.of(), "git")).isEmpty();
  }

  @Test
  void ignoresReplicasWhenAnAutoscalerOwnsThem() {
    WorkloadSpec declared =
        WorkloadSpec.fromObject(deployment(2, "shop:1.5", "info", "512Mi", false)).orElseThrow();
    WorkloadSpec live =
        WorkloadSpec.fromObject(deployment(7, "shop:1.5", "info", "512Mi", false)).orElseThrow();

    assertThat(Drift.compare(declared, live, true)).isEmpty();
    assertThat(Drift.compare(declared, live, false))
        .extracting(FieldDrift::field)
        .containsExactly("replicas");
  }
}

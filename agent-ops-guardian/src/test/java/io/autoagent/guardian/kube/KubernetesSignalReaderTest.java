package io.autoagent.guardian.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.guardian.signals.Incident;
import io.autoagent.guardian.signals.WorkloadRef;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesSignalReaderTest {

  private static final Instant NOW = Instant.parse("2026-05-26T10:00:00Z");

  static KubernetesClient client;

  private KubernetesSignalReader reader() {
    return new KubernetesSignalReader(client, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private void deployment(String ns, String name, int replicas, int ready, int updated) {
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .withMatchLabels(Map.of("app", name))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app", name))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("app:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .withNewStatus()
                .withReplicas(replicas)
                .withReadyReplicas(ready)
                .withUpdatedReplicas(updated)
                .endStatus()
                .build())
        .create();
  }

  private PodBuilder pod(String ns, String name, String app) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .withLabels(Map.of("app", app))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("app:1")
        .withNewResources()
        .withRequests(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("256Mi")))
        .endResources()
        .endContainer()
        .endSpec();
  }

  private void metrics(String ns, String pod, String cpu, String memory) {
    PodMetrics m =
        new PodMetricsBuilder()
            .withNewMetadata()
            .withName(pod)
            .withNamespace(ns)
            .withLabels(Map.of("app", "frontend"))
            .endMetadata()
            .addNewContainer()
            .withName("app")
            .withUsage(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory)))
            .endContainer()
            .build();
    client.resources(PodMetrics.class).inNamespace(ns).resource(m).create();
  }

  @Test
  void readsCpuAndMemoryAgainstRequestsAndReplicasFromTheDeployment() {
    // given two pods requesting 500m / 256Mi, using 400m+200m and 128Mi+128Mi
    deployment("bank", "frontend", 2, 2, 2);
    client
        .pods()
        .inNamespace("bank")
        .resource(pod("bank", "frontend-a", "frontend").build())
        .create();
    client
        .pods()
        .inNamespace("bank")
        .resource(pod("bank", "frontend-b", "frontend").build())
        .create();
    client.pods().inNamespace("bank").resource(pod("bank", "other-a", "other").build()).create();
    metrics("bank", "frontend-a", "400m", "128Mi");
    metrics("bank", "frontend-b", "200m", "128Mi");

    // when
    KubeReading reading = reader().read(WorkloadRef.of("bank", "frontend"));

    // then
    assertThat(reading.sample().cpuPercent())
        .isCloseTo(60.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(reading.sample().memoryPercent())
        .isCloseTo(50.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(reading.sample().desiredReplicas()).isEqualTo(2);
    assertThat(reading.sample().readyReplicas()).isEqualTo(2);
    assertThat(reading.sample().time()).isEqualTo(NOW);
    assertThat(reading.status().rolloutInProgress()).isFalse();
    assertThat(reading.status().incidents()).isEmpty();
    assertThat(reading.status().hpa()).isEmpty();
  }

  @Test
  void reportsCrashLoopOomAndImagePullIncidents() {
    deployment("ops", "frontend", 3, 1, 3);
    client
        .pods()
        .inNamespace("ops")
        .resource(
            withStatus(
                pod("ops", "p1", "frontend"),
                new ContainerStatusBuilder()
                    .withName("app")
                    .withNewState()
                    .withNewWaiting()
                    .withReason("CrashLoopBackOff")
                    .endWaiting()
                    .endState()
                    .build()))
        .create();
    client
        .pods()
        .inNamespace("ops")
        .resource(
            withStatus(
                pod("ops", "p2", "frontend"),
                new ContainerStatusBuilder()
                    .withName("app")
                    .withNewLastState()
                    .withNewTerminated()
                    .withReason("OOMKilled")
                    .withFinishedAt("2026-05-26T09:58:00Z")
                    .endTerminated()
                    .endLastState()
                    .build()))
        .create();
    client
        .pods()
        .inNamespace("ops")
        .resource(
            withStatus(
                pod("ops", "p3", "frontend"),
                new ContainerStatusBuilder()
                    .withName("app")
                    .withNewState()
                    .withNewWaiting()
                    .withReason("ImagePullBackOff")
                    .endWaiting()
                    .endState()
                    .build()))
        .create();
    metrics("ops", "p1", "100m", "64Mi");

    KubeReading reading = reader().read(WorkloadRef.of("ops", "frontend"));

    assertThat(reading.status().incidents())
        .extracting(Incident::kind)
        .containsExactlyInAnyOrder(
            Incident.Kind.CRASH_LOOP, Incident.Kind.OOM_KILLED, Incident.Kind.IMAGE_PULL);
  }

  @Test
  void reportsAnHpaTargetingTheDeploymentAndARolloutInProgress() {
    deployment("hpa", "frontend", 3, 3, 1);
    client.pods().inNamespace("hpa").resource(pod("hpa", "f1", "frontend").build()).create();
    metrics("hpa", "f1", "100m", "64Mi");
    client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace("hpa")
        .resource(
            new HorizontalPodAutoscalerBuilder()
                .withNewMetadata()
                .withName("frontend-hpa")
                .withNamespace("hpa")
                .endMetadata()
                .withNewSpec()
                .withMaxReplicas(5)
                .withNewScaleTargetRef()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName("frontend")
                .endScaleTargetRef()
                .endSpec()
                .build())
        .create();

    KubeReading reading = reader().read(WorkloadRef.of("hpa", "frontend"));

    assertThat(reading.status().hpa()).contains("frontend-hpa");
    assertThat(reading.status().rolloutInProgress()).isTrue();
  }

  @Test
  void failsRetriablyWithoutPodMetrics() {
    deployment("nometrics", "frontend", 1, 1, 1);
    client
        .pods()
        .inNamespace("nometrics")
        .resource(pod("nometrics", "f1", "frontend").build())
        .create();

    assertThatThrownBy(() -> reader().read(WorkloadRef.of("nometrics", "frontend")))
        .isInstanceOf(RetriableException.class);
  }

  @Test
  void failsPermanentlyForAMissingDeployment() {
    assertThatThrownBy(() -> reader().read(WorkloadRef.of("bank", "ghost")))
        .isInstanceOf(PermanentException.class)
        .hasMessageContaining("not found");
  }

  @Test
  void scalerSetsTheDeploymentReplicas() {
    deployment("scale", "frontend", 2, 2, 2);

    new KubernetesScaler(client).scale(WorkloadRef.of("scale", "frontend"), 5);

    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("scale")
                .withName("frontend")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(5);
  }

  private static Pod withStatus(
      PodBuilder builder, io.fabric8.kubernetes.api.model.ContainerStatus status) {
    return builder.withNewStatus().withContainerStatuses(status).endStatus().build();
  }
}

package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.NOW;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.alert;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.app;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.autoagent.tools.kube.sandbox.ClusterObjects.App;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scheduling, node, rollout, quota, saturation and configuration detectors, through the mock API.
 */
@EnableKubernetesMockClient(crud = true)
class WorkloadDetectorsTest {

  static KubernetesClient client;
  static KubernetesMockServer server;
  static KubernetesEvidenceSource source;
  private static final AtomicInteger NS = new AtomicInteger();

  @BeforeAll
  static void createSource() {
    source =
        new KubernetesEvidenceSource(
            client,
            KubeOptions.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(2)));
  }

  @AfterAll
  static void closeSource() {
    source.close();
  }

  private static String ns() {
    return "workload-" + NS.incrementAndGet();
  }

  private static SourceReport collect(App app, Severity severity) {
    SourceReport report =
        source.collect(alert(app.ns(), app.deployment().getMetadata().getName(), severity));
    assertThat(report.status()).isEqualTo(SourceReport.Status.OK);
    return report;
  }

  private static List<Finding> findings(App app, Category category) {
    return collect(app, Severity.HIGH).findings().stream()
        .filter(f -> f.category() == category)
        .toList();
  }

  private static Pod pending(
      App app, String suffix, String scheduled, String reason, String message) {
    Pod pod = ClusterObjects.pod(app.current(), suffix, List.of());
    return client
        .resource(
            new PodBuilder(pod)
                .editSpec()
                .withNodeName(null)
                .endSpec()
                .editStatus()
                .withPhase("Pending")
                .withHostIP(null)
                .withPodIP(null)
                .withContainerStatuses()
                .withConditions(
                    new PodConditionBuilder()
                        .withType("PodScheduled")
                        .withStatus(scheduled)
                        .withReason(reason)
                        .withMessage(message)
                        .withLastTransitionTime(ts(NOW.minus(4, ChronoUnit.MINUTES)))
                        .build())
                .endStatus()
                .build())
        .create();
  }

  @Test
  void reportsAPendingPodWithTheSchedulersMessage() {
    // given a pod the scheduler cannot place
    App app = app(client, ns(), "payments", 1);
    String why =
        "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";
    Pod pod = pending(app, "pending", "False", "Unschedulable", why);
    app.addEvent(pod, "Warning", "FailedScheduling", why, 5, NOW);

    // then
    assertThat(findings(app, Category.UNSCHEDULABLE))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.message()).contains("0/3 nodes are available: 3 Insufficient memory");
              assertThat(f.evidence()).anyMatch(l -> l.contains("FailedScheduling"));
              assertThat(f.attributes()).containsEntry("reason", "Unschedulable");
            });
  }

  @Test
  void doesNotReportAPendingPodThatIsAlreadyScheduled() {
    // given a scheduled pod still creating its containers
    App app = app(client, ns(), "payments", 1);
    pending(app, "scheduled", "True", null, null);

    // then
    assertThat(findings(app, Category.UNSCHEDULABLE)).isEmpty();
  }

  @Test
  void reportsAPressuredNodeUnderTheServicesPodsAndAnEvictedPod() {
    // given a pod on a node under memory pressure, and a pod the kubelet evicted from it
    App app = app(client, ns(), "payments", 0);
    String node = "pressured-" + app.ns();
    client
        .resource(
            ClusterObjects.node(
                node,
                List.of(
                    ClusterObjects.condition(
                        "MemoryPressure",
                        "True",
                        "KubeletHasInsufficientMemory",
                        "kubelet has insufficient memory available"),
                    ClusterObjects.condition(
                        "Ready", "True", "KubeletReady", "kubelet is posting ready status"))))
        .create();
    Pod base = ClusterObjects.pod(app.current(), "on-pressured", ClusterObjects.runningReady());
    client.resource(new PodBuilder(base).editSpec().withNodeName(node).endSpec().build()).create();
    client
        .resource(
            new PodBuilder(ClusterObjects.pod(app.current(), "evicted", List.of()))
                .editSpec()
                .withNodeName(node)
                .endSpec()
                .editStatus()
                .withPhase("Failed")
                .withReason("Evicted")
                .withMessage(
                    "The node was low on resource: memory. Threshold quantity: 100Mi, available: 52Mi. ")
                .withConditions()
                .endStatus()
                .build())
        .create();

    // when
    List<Finding> pressure = findings(app, Category.NODE_PRESSURE);

    // then
    assertThat(pressure)
        .anySatisfy(
            f -> {
              assertThat(f.resource()).isEqualTo("Node/" + node);
              assertThat(f.message()).contains("MemoryPressure");
              assertThat(f.attributes()).containsEntry(Finding.ATTR_NODE, node);
            });
    assertThat(pressure)
        .anySatisfy(
            f -> {
              assertThat(f.attributes()).containsEntry(Finding.ATTR_POD, "payments-7d9c5b-evicted");
              assertThat(f.message()).contains("low on resource: memory");
            });
  }

  @Test
  void doesNotReportAHealthyNode() {
    // given pods on a ready node without pressure
    App app = app(client, ns(), "payments", 2);

    // then
    assertThat(findings(app, Category.NODE_PRESSURE)).isEmpty();
  }

  private static void setRollout(
      App app, int updated, String status, String reason, java.time.Instant since) {
    Deployment d = client.apps().deployments().inNamespace(app.ns()).withName("payments").get();
    client
        .resource(
            new DeploymentBuilder(d)
                .editStatus()
                .withUpdatedReplicas(updated)
                .withReadyReplicas(3)
                .withAvailableReplicas(3)
                .withUnavailableReplicas(1)
                .withReplicas(4)
                .withConditions(
                    new DeploymentConditionBuilder()
                        .withType("Progressing")
                        .withStatus(status)
                        .withReason(reason)
                        .withMessage("ReplicaSet \"payments-7d9c5b\" is progressing.")
                        .withLastUpdateTime(ts(since))
                        .withLastTransitionTime(ts(since))
                        .build())
                .endStatus()
                .build())
        .updateStatus();
  }

  @Test
  void reportsARolloutPastItsProgressDeadline() {
    // given a Deployment whose Progressing condition turned False
    App app = app(client, ns(), "payments", 3);
    setRollout(app, 1, "False", "ProgressDeadlineExceeded", NOW.minus(12, ChronoUnit.MINUTES));

    // then
    assertThat(findings(app, Category.ROLLOUT_STUCK))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.resource()).isEqualTo("Deployment/" + app.ns() + "/payments");
              assertThat(f.message())
                  .contains("1 of 3 replicas updated")
                  .contains("progress deadline");
              assertThat(f.attributes()).containsEntry(Finding.ATTR_PREVIOUS_REVISION, "1");
            });
    assertThat(collect(app, Severity.HIGH).workload().rolloutState()).isEqualTo("stuck");
  }

  @Test
  void doesNotReportARolloutThatStartedSecondsAgo() {
    // given a rollout in progress for 30 seconds
    App app = app(client, ns(), "payments", 3);
    setRollout(app, 1, "True", "ReplicaSetUpdated", NOW.minus(30, ChronoUnit.SECONDS));

    // then
    assertThat(findings(app, Category.ROLLOUT_STUCK)).isEmpty();
    assertThat(collect(app, Severity.HIGH).workload().rolloutState()).isEqualTo("progressing");
  }

  @Test
  void reportsAResourceQuotaThatRefusesPods() {
    // given FailedCreate events citing a ResourceQuota
    App app = app(client, ns(), "payments", 1);
    client
        .resource(
            new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName("compute-quota")
                .withNamespace(app.ns())
                .endMetadata()
                .withNewSpec()
                .withHard(Map.of("limits.memory", new Quantity("2Gi")))
                .endSpec()
                .withNewStatus()
                .withHard(Map.of("limits.memory", new Quantity("2Gi")))
                .withUsed(Map.of("limits.memory", new Quantity("2Gi")))
                .endStatus()
                .build())
        .create();
    app.addEvent(
        app.current(),
        "Warning",
        "FailedCreate",
        "Error creating: pods \"payments-7d9c5b-x2kqp\" is forbidden: exceeded quota: compute-quota, requested: limits.memory=512Mi, used: limits.memory=2Gi, limited: limits.memory=2Gi",
        9,
        NOW);

    // then
    assertThat(findings(app, Category.QUOTA_EXCEEDED))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.resource()).isEqualTo("ResourceQuota/" + app.ns() + "/compute-quota");
              assertThat(f.attributes()).containsEntry(Finding.ATTR_QUOTA, "compute-quota");
              assertThat(f.evidence()).anyMatch(l -> l.contains("used={limits.memory=2Gi}"));
            });
  }

  @Test
  void doesNotReportAFailedCreateForAnotherReasonAsQuota() {
    // given a FailedCreate event about a missing service account
    App app = app(client, ns(), "payments", 1);
    app.addEvent(
        app.current(),
        "Warning",
        "FailedCreate",
        "Error creating: pods \"payments-7d9c5b-x2kqp\" is forbidden: error looking up service account "
            + app.ns()
            + "/payments: serviceaccount \"payments\" not found",
        3,
        NOW);

    // then
    assertThat(findings(app, Category.QUOTA_EXCEEDED)).isEmpty();
  }

  @Test
  void reportsOtherWarningsWithTheirWindowSaidTheSameOnEveryAlert() {
    // given a warning event no specific detector knows, a minute old
    App app = app(client, ns(), "payments", 1);
    app.addEvent(
        app.current(),
        "Warning",
        "FailedToUpdateEndpoint",
        "Failed to update endpoint payments",
        1,
        NOW.minus(1, ChronoUnit.MINUTES));
    String name = app.deployment().getMetadata().getName();
    io.autoagent.tools.analysis.Alert unstarted =
        new io.autoagent.tools.analysis.Alert(
            "a-2", "c-2", name, app.ns(), Severity.HIGH, null, null, null, null, null, null, null);

    // when alerts with and without a start are analysed, the one without twice
    List<Finding> started = findings(app, Category.UNKNOWN);
    List<String> unstartedMessages =
        java.util.stream.Stream.of(unstarted, unstarted)
            .map(
                a ->
                    source.collect(a).findings().stream()
                        .filter(f -> f.category() == Category.UNKNOWN)
                        .map(Finding::message)
                        .findFirst()
                        .orElseThrow())
            .toList();

    // then the window is the alert's start, or the last hour said as such, never the instant it
    // began
    assertThat(started)
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.message())
                    .isEqualTo(
                        "1 warning event(s) since the alert started at "
                            + NOW.minus(5, ChronoUnit.MINUTES)
                            + " about payments; "
                            + "the newest: FailedToUpdateEndpoint: Failed to update endpoint payments"));
    assertThat(unstartedMessages.getFirst())
        .startsWith("1 warning event(s) in the last 60 minutes about payments;");
    assertThat(unstartedMessages.getLast()).isEqualTo(unstartedMessages.getFirst());
  }

  private static void podMetrics(App app, String memory) {
    Pod pod = app.pods().getFirst();
    client
        .resource(
            new PodMetricsBuilder()
                .withNewMetadata()
                .withName(pod.getMetadata().getName())
                .withNamespace(app.ns())
                .endMetadata()
                .withTimestamp(ts(NOW))
                .withWindow(new io.fabric8.kubernetes.api.model.Duration(Duration.ofSeconds(30)))
                .addNewContainer()
                .withName("app")
                .withUsage(Map.of("cpu", new Quantity("120m"), "memory", new Quantity(memory)))
                .endContainer()
                .build())
        .create();
  }

  @Test
  void reportsAContainerUsingNinetyPercentOfItsMemoryLimit() {
    // given metrics at 490Mi of a 512Mi limit
    App app = app(client, ns(), "payments", 1);
    podMetrics(app, "490Mi");

    // then
    assertThat(findings(app, Category.RESOURCE_SATURATION))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.attributes())
                  .containsEntry(Finding.ATTR_MEMORY_PEAK, "490Mi")
                  .containsEntry(Finding.ATTR_MEMORY_LIMIT, "512Mi");
              assertThat(f.message()).contains("95 %");
            });
  }

  @Test
  void doesNotReportAContainerWellBelowItsLimits() {
    // given metrics at 200Mi of a 512Mi limit
    App app = app(client, ns(), "payments", 1);
    podMetrics(app, "200Mi");

    // then
    assertThat(findings(app, Category.RESOURCE_SATURATION)).isEmpty();
  }

  @Test
  void skipsMetricsWithoutMetricsServerButStillReportsAnAutoscalerAtItsMaximum() {
    // given no metrics API (404, as when metrics-server is not installed) and an HPA at its maximum
    App app = app(client, ns(), "payments", 1);
    server
        .expect()
        .get()
        .withPath("/apis/metrics.k8s.io/v1beta1/namespaces/" + app.ns() + "/pods")
        .andReturn(
            404,
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}")
        .always();
    client
        .resource(
            new HorizontalPodAutoscalerBuilder()
                .withNewMetadata()
                .withName("payments")
                .withNamespace(app.ns())
                .endMetadata()
                .withNewSpec()
                .withMinReplicas(1)
                .withMaxReplicas(5)
                .withNewScaleTargetRef()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName("payments")
                .endScaleTargetRef()
                .endSpec()
                .withNewStatus()
                .withCurrentReplicas(5)
                .withDesiredReplicas(5)
                .endStatus()
                .build())
        .create();

    // when
    SourceReport report = collect(app, Severity.HIGH);

    // then
    assertThat(report.status()).isEqualTo(SourceReport.Status.OK);
    assertThat(report.findings())
        .filteredOn(f -> f.category() == Category.RESOURCE_SATURATION)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.resource())
                  .isEqualTo("HorizontalPodAutoscaler/" + app.ns() + "/payments");
              assertThat(f.message()).contains("maximum of 5 replicas");
            });
  }

  @Test
  void reviewsAWeakConfigurationAtLowSeverityOnly() {
    // given a single-replica Deployment alerted as critical, with :latest, no resources and no
    // probe
    App app = app(client, ns(), "payments", 1);
    Deployment d = client.apps().deployments().inNamespace(app.ns()).withName("payments").get();
    client
        .resource(
            new DeploymentBuilder(d)
                .editSpec()
                .editTemplate()
                .editSpec()
                .withContainers(
                    new ContainerBuilder().withName("app").withImage("payments:latest").build())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .update();

    // when
    List<Finding> review =
        collect(app, Severity.CRITICAL).findings().stream()
            .filter(
                f ->
                    ConfigurationReviewDetector.REVIEW.equals(
                        f.attributes().get(ConfigurationReviewDetector.ATTR_CHECK)))
            .toList();

    // then
    assertThat(review)
        .extracting(Finding::message)
        .anyMatch(m -> m.contains("no resource requests"))
        .anyMatch(m -> m.contains("no resource limits"))
        .anyMatch(m -> m.contains("no readiness probe"))
        .anyMatch(m -> m.contains("payments:latest"))
        .anyMatch(m -> m.contains("single replica"));
    assertThat(review).allMatch(f -> f.severity() == Severity.LOW || f.severity() == Severity.INFO);
  }

  @Test
  void findsNothingToReviewInAWellConfiguredDeployment() {
    // given requests, limits, a readiness probe, a pinned tag and two replicas
    App app = app(client, ns(), "payments", 2);

    // then
    assertThat(collect(app, Severity.CRITICAL).findings()).isEmpty();
  }
}

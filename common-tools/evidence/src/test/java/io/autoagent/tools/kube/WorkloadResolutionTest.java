package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.NOW;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every workload kind resolved by name, label, Alertmanager kind label and owner chain, through the
 * mock API.
 */
@EnableKubernetesMockClient(crud = true)
class WorkloadResolutionTest {

  static KubernetesClient client;
  static KubernetesEvidenceSource source;
  private static final AtomicInteger NS = new AtomicInteger();

  @BeforeAll
  static void createSource() {
    source =
        new KubernetesEvidenceSource(
            client,
            KubeOptions.defaults().withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(2)));
  }

  @AfterAll
  static void closeSource() {
    source.close();
  }

  private static String ns() {
    return "resolve-" + NS.incrementAndGet();
  }

  private static Alert alert(String ns, String service, Map<String, String> labels) {
    return new Alert(
        "a-" + UUID.randomUUID(),
        "c-1",
        service,
        ns,
        Severity.HIGH,
        null,
        null,
        labels,
        null,
        NOW.minus(5, ChronoUnit.MINUTES),
        null,
        null);
  }

  private static SourceReport collect(Alert alert) {
    SourceReport report = source.collect(alert);
    assertThat(report.status()).as(report.detail()).isEqualTo(SourceReport.Status.OK);
    return report;
  }

  private static Pod ownedPod(
      String ns,
      String name,
      String ownerKind,
      String ownerName,
      String ownerUid,
      boolean crashing) {
    return client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .withUid(UUID.randomUUID().toString())
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind(ownerKind)
                .withName(ownerName)
                .withUid(ownerUid)
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("agent:1.0")
                .endContainer()
                .withNodeName("node-x")
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .withContainerStatuses(
                    crashing
                        ? ClusterObjects.crashLooping(5, 1, "Error")
                        : ClusterObjects.runningReady())
                .endStatus()
                .build())
        .create();
  }

  @Test
  void aDaemonSetCrashLoopingOnOneNodeIsAnalysedAsTheDaemonSet() {
    String ns = ns();
    DaemonSet ds =
        client
            .resource(
                new DaemonSetBuilder()
                    .withNewMetadata()
                    .withName("node-agent")
                    .withNamespace(ns)
                    .withUid(UUID.randomUUID().toString())
                    .addToLabels("k8s-app", "node-agent")
                    .endMetadata()
                    .withNewSpec()
                    .withNewSelector()
                    .addToMatchLabels("k8s-app", "node-agent")
                    .endSelector()
                    .withTemplate(ClusterObjects.template("node-agent", "agent:1.0"))
                    .endSpec()
                    .withNewStatus()
                    .withDesiredNumberScheduled(3)
                    .withNumberReady(2)
                    .withNumberAvailable(2)
                    .withUpdatedNumberScheduled(3)
                    .withCurrentNumberScheduled(3)
                    .withNumberMisscheduled(0)
                    .endStatus()
                    .build())
            .create();
    ownedPod(ns, "node-agent-a", "DaemonSet", "node-agent", ds.getMetadata().getUid(), false);
    ownedPod(ns, "node-agent-b", "DaemonSet", "node-agent", ds.getMetadata().getUid(), true);

    SourceReport byName = collect(alert(ns, "node-agent", Map.of()));
    SourceReport byAlertmanagerLabel =
        collect(alert(ns, "something-else", Map.of("daemonset", "node-agent")));

    for (SourceReport report : List.of(byName, byAlertmanagerLabel)) {
      assertThat(report.workload().kind()).isEqualTo("DaemonSet");
      assertThat(report.workload().desired()).isEqualTo(3);
      assertThat(report.workload().ready()).isEqualTo(2);
      assertThat(report.workload().rollback().feasible()).isFalse();
      assertThat(report.findings())
          .anySatisfy(
              f -> {
                assertThat(f.category()).isEqualTo(Category.CRASH_LOOP);
                assertThat(f.resource()).isEqualTo("Pod/" + ns + "/node-agent-b");
              });
    }
  }

  @Test
  void aFailedJobOfACronJobResolvesByJobNameAndPodToTheCronJob() {
    String ns = ns();
    CronJob cron =
        client
            .resource(
                new CronJobBuilder()
                    .withNewMetadata()
                    .withName("billing-export")
                    .withNamespace(ns)
                    .withUid(UUID.randomUUID().toString())
                    .endMetadata()
                    .withNewSpec()
                    .withSchedule("*/30 * * * *")
                    .withNewJobTemplate()
                    .withNewSpec()
                    .withTemplate(ClusterObjects.template("billing-export", "export:2.1"))
                    .endSpec()
                    .endJobTemplate()
                    .endSpec()
                    .build())
            .create();
    Job job =
        client
            .resource(
                new JobBuilder()
                    .withNewMetadata()
                    .withName("billing-export-29012345")
                    .withNamespace(ns)
                    .withUid(UUID.randomUUID().toString())
                    .withCreationTimestamp(ts(NOW.minus(20, ChronoUnit.MINUTES)))
                    .addNewOwnerReference()
                    .withApiVersion("batch/v1")
                    .withKind("CronJob")
                    .withName("billing-export")
                    .withUid(cron.getMetadata().getUid())
                    .withController(true)
                    .endOwnerReference()
                    .endMetadata()
                    .withNewSpec()
                    .withBackoffLimit(2)
                    .withTemplate(ClusterObjects.template("billing-export", "export:2.1"))
                    .endSpec()
                    .withNewStatus()
                    .withFailed(3)
                    .withConditions(
                        new JobConditionBuilder()
                            .withType("Failed")
                            .withStatus("True")
                            .withReason("BackoffLimitExceeded")
                            .withMessage("Job has reached the specified backoff limit")
                            .build())
                    .endStatus()
                    .build())
            .create();
    Pod pod =
        ownedPod(
            ns,
            "billing-export-29012345-q7x",
            "Job",
            job.getMetadata().getName(),
            job.getMetadata().getUid(),
            false);

    SourceReport byJobName =
        collect(alert(ns, "billing", Map.of("job_name", "billing-export-29012345")));
    SourceReport byPod = collect(alert(ns, "billing", Map.of("pod", pod.getMetadata().getName())));
    SourceReport byName = collect(alert(ns, "billing-export", Map.of()));

    for (SourceReport report : List.of(byJobName, byPod, byName)) {
      assertThat(report.workload().kind()).isEqualTo("CronJob");
      assertThat(report.workload().name()).isEqualTo("billing-export");
      assertThat(report.workload().rollback().feasible()).isFalse();
      assertThat(report.findings())
          .anySatisfy(
              f -> {
                assertThat(f.category()).isEqualTo(Category.CRASH_LOOP);
                assertThat(f.resource()).isEqualTo("Job/" + ns + "/billing-export-29012345");
              });
    }
  }

  @Test
  void aPodLabelFollowsReplicaSetToDeployment() {
    String ns = ns();
    var app = ClusterObjects.app(client, ns, "checkout", 1);
    Pod pod = app.pods().getFirst();

    SourceReport report =
        collect(alert(ns, "not-a-workload-name", Map.of("pod", pod.getMetadata().getName())));

    assertThat(report.workload().kind()).isEqualTo("Deployment");
    assertThat(report.workload().name()).isEqualTo("checkout");
  }

  @Test
  void theReleaseLabelPicksTheBrokenOfTwoReleasesOfOneChart() {
    String ns = ns();
    for (String release : List.of("cart-blue", "cart-green")) {
      Deployment d = ClusterObjects.deployment(ns, release, 1);
      client
          .resource(
              new DeploymentBuilder(d)
                  .editMetadata()
                  .addToLabels(
                      Map.of(
                          "app.kubernetes.io/name", "cart", "app.kubernetes.io/instance", release))
                  .endMetadata()
                  .build())
          .create();
    }

    SourceReport green =
        collect(alert(ns, "cart", Map.of("app_kubernetes_io_instance", "cart-green")));
    SourceReport blue = collect(alert(ns, "cart", Map.of("release", "cart-blue")));

    assertThat(green.workload().name()).isEqualTo("cart-green");
    assertThat(blue.workload().name()).isEqualTo("cart-blue");
  }

  @Test
  void anUnknownServiceNamesEveryKindItLookedFor() {
    SourceReport report = source.collect(alert(ns(), "ghost", Map.of()));

    assertThat(report.status()).isEqualTo(SourceReport.Status.NOT_FOUND);
    assertThat(report.detail()).contains("Deployment, StatefulSet, DaemonSet, CronJob or Job");
  }
}

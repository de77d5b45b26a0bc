package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.NOW;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract 1.1 detectors as pure functions over snapshots built with fabric8 builders: each
 * with a case it reports, a healthy case, and a near miss that looks alike but is not the failure.
 */
class BreadthDetectorsTest {

  private static final String NS = "shop";

  private static Alert alert(String service) {
    return ClusterObjects.alert(NS, service, Severity.HIGH);
  }

  private static WorkloadSnapshot snapshot(
      HasMetadata workload,
      List<Pod> pods,
      List<Event> events,
      Map<String, String> logs,
      List<Job> jobs) {
    return new WorkloadSnapshot(
        alert(workload.getMetadata().getName()),
        NOW,
        workload,
        List.of(),
        pods,
        Map.of(),
        events,
        List.of(),
        List.of(),
        List.of(),
        null,
        logs,
        jobs,
        List.of());
  }

  private static WorkloadSnapshot snapshot(HasMetadata workload, List<Event> events) {
    return snapshot(workload, List.of(), events, Map.of(), List.of());
  }

  private static WorkloadSnapshot withLogs(Map<String, String> logs) {
    return snapshot(
        ClusterObjects.deployment(NS, "orders", 2), List.of(), List.of(), logs, List.of());
  }

  private static Deployment scaled(int replicas, Map<String, String> annotations) {
    return new DeploymentBuilder(ClusterObjects.deployment(NS, "orders", replicas))
        .editMetadata()
        .addToAnnotations(annotations)
        .endMetadata()
        .build();
  }

  private static Event event(
      String kind, String name, String reason, String message, Instant last) {
    Event e =
        new io.fabric8.kubernetes.api.model.EventBuilder()
            .withNewMetadata()
            .withName(name + "." + reason)
            .withNamespace(NS)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withKind(kind)
                    .withName(name)
                    .withNamespace(NS)
                    .build())
            .withType("Warning")
            .withReason(reason)
            .withMessage(message)
            .withCount(3)
            .withFirstTimestamp(ts(last.minus(10, ChronoUnit.MINUTES)))
            .withLastTimestamp(ts(last))
            .build();
    return e;
  }

  private static CronJob cronJob(boolean suspended) {
    return new CronJobBuilder()
        .withNewMetadata()
        .withName("nightly-report")
        .withNamespace(NS)
        .withUid("cj-uid")
        .endMetadata()
        .withNewSpec()
        .withSchedule("0 2 * * *")
        .withSuspend(suspended)
        .withNewJobTemplate()
        .withNewSpec()
        .withTemplate(ClusterObjects.template("nightly-report", "report:1.0"))
        .endSpec()
        .endJobTemplate()
        .endSpec()
        .build();
  }

  private static Job job(String name, String conditionType, String reason, Instant created) {
    JobBuilder b =
        new JobBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .withUid(name + "-uid")
            .withCreationTimestamp(ts(created))
            .addNewOwnerReference()
            .withKind("CronJob")
            .withName("nightly-report")
            .withUid("cj-uid")
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .withBackoffLimit(6)
            .withTemplate(ClusterObjects.template("nightly-report", "report:1.0"))
            .endSpec();
    if (conditionType != null) {
      b.withNewStatus()
          .withFailed("Failed".equals(conditionType) ? 7 : 0)
          .withSucceeded("Complete".equals(conditionType) ? 1 : 0)
          .withConditions(
              new JobConditionBuilder()
                  .withType(conditionType)
                  .withStatus("True")
                  .withReason(reason)
                  .withMessage(
                      reason == null ? null : "Job has reached the specified backoff limit")
                  .build())
          .endStatus();
    }
    return b.build();
  }

  private static Pod jobPod(Job job, int exitCode, String reason) {
    ContainerStatus status =
        new ContainerStatusBuilder()
            .withName("app")
            .withImage("report:1.0")
            .withRestartCount(0)
            .withNewState()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withReason(reason)
            .endTerminated()
            .endState()
            .build();
    return new PodBuilder()
        .withNewMetadata()
        .withName(job.getMetadata().getName() + "-x1")
        .withNamespace(NS)
        .addNewOwnerReference()
        .withKind("Job")
        .withName(job.getMetadata().getName())
        .withUid(job.getMetadata().getUid())
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewStatus()
        .withPhase("Failed")
        .withContainerStatuses(status)
        .endStatus()
        .build();
  }

  // --- SCALED_TO_ZERO

  @Test
  void aDeploymentScaledToZeroWithArgoTrackingAndLastAppliedReplicasIsScaledToZero() {
    Deployment d =
        scaled(
            0,
            Map.of(
                ScaledToZeroDetector.ARGOCD_TRACKING, "shop-orders:apps/Deployment:shop/orders",
                ScaledToZeroDetector.LAST_APPLIED,
                    "{\"kind\":\"Deployment\",\"spec\":{\"replicas\":3}}"));

    List<Finding> found = new ScaledToZeroDetector().detect(snapshot(d, List.of()));

    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.SCALED_TO_ZERO);
              assertThat(f.resource()).isEqualTo("Deployment/shop/orders");
              assertThat(f.attributes())
                  .containsEntry(ScaledToZeroDetector.ATTR_DECLARED_REPLICAS, "3")
                  .containsEntry(Finding.ATTR_ARGOCD_APPLICATION, "shop-orders");
              assertThat(f.message()).contains("scaled to 0").contains("asks for 3");
            });
  }

  @Test
  void aDeploymentWithReplicasIsNotScaledToZero() {
    assertThat(new ScaledToZeroDetector().detect(snapshot(scaled(2, Map.of()), List.of())))
        .isEmpty();
  }

  @Test
  void nearMissKedaIdlingAWorkloadAtZeroIsExpected() {
    Deployment d = scaled(0, Map.of());
    var keda =
        new HorizontalPodAutoscalerBuilder()
            .withNewMetadata()
            .withName("keda-hpa-orders")
            .withNamespace(NS)
            .addToLabels(ScaledToZeroDetector.KEDA_SCALED_OBJECT, "orders")
            .endMetadata()
            .withNewSpec()
            .withMinReplicas(1)
            .withMaxReplicas(5)
            .withNewScaleTargetRef()
            .withKind("Deployment")
            .withName("orders")
            .endScaleTargetRef()
            .endSpec()
            .build();
    WorkloadSnapshot s =
        new WorkloadSnapshot(
            alert("orders"),
            NOW,
            d,
            List.of(),
            List.of(),
            Map.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(keda),
            null,
            Map.of(),
            List.of(),
            List.of());

    assertThat(new ScaledToZeroDetector().detect(s)).isEmpty();
  }

  @Test
  void aSuspendedCronJobIsScaledToZeroAndAnActiveOneIsNot() {
    assertThat(new ScaledToZeroDetector().detect(snapshot(cronJob(true), List.of())))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.SCALED_TO_ZERO);
              assertThat(f.attributes())
                  .containsEntry(ScaledToZeroDetector.ATTR_SUSPENDED, "true")
                  .containsEntry("cronjob", "nightly-report");
            });
    assertThat(new ScaledToZeroDetector().detect(snapshot(cronJob(false), List.of()))).isEmpty();
  }

  // --- Jobs

  @Test
  void aCronJobWhoseNewestJobHitItsBackoffLimitIsACrashLoopNamingTheJob() {
    Job old = job("nightly-report-1", "Complete", null, NOW.minus(2, ChronoUnit.DAYS));
    Job failed =
        job(
            "nightly-report-2",
            "Failed",
            JobFailureDetector.BACKOFF_LIMIT_EXCEEDED,
            NOW.minus(1, ChronoUnit.HOURS));
    WorkloadSnapshot s =
        snapshot(
            cronJob(false),
            List.of(jobPod(failed, 1, "Error")),
            List.of(),
            Map.of(),
            List.of(old, failed));

    assertThat(new JobFailureDetector().detect(s))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.CRASH_LOOP);
              assertThat(f.resource()).isEqualTo("Job/shop/nightly-report-2");
              assertThat(f.attributes())
                  .containsEntry("job_failure", "BackoffLimitExceeded")
                  .containsEntry(Finding.ATTR_EXIT_CODE, "1");
            });
    assertThat(WorkloadStates.of(s).rollback().feasible()).isFalse();
    assertThat(WorkloadStates.of(s).kind()).isEqualTo("CronJob");
  }

  @Test
  void aJobWhosePodsWereOomKilledIsOomKilled() {
    Job failed =
        job(
            "nightly-report-3",
            "Failed",
            JobFailureDetector.BACKOFF_LIMIT_EXCEEDED,
            NOW.minus(1, ChronoUnit.HOURS));
    WorkloadSnapshot s =
        snapshot(failed, List.of(jobPod(failed, 137, "OOMKilled")), List.of(), Map.of(), List.of());

    assertThat(new JobFailureDetector().detect(s))
        .singleElement()
        .satisfies(f -> assertThat(f.category()).isEqualTo(Category.OOM_KILLED));
  }

  @Test
  void nearMissAnOlderFailedRunFollowedByASuccessfulOneIsNotReported() {
    Job failed =
        job(
            "nightly-report-1",
            "Failed",
            JobFailureDetector.BACKOFF_LIMIT_EXCEEDED,
            NOW.minus(2, ChronoUnit.DAYS));
    Job ok = job("nightly-report-2", "Complete", null, NOW.minus(1, ChronoUnit.DAYS));
    WorkloadSnapshot s =
        snapshot(cronJob(false), List.of(), List.of(), Map.of(), List.of(failed, ok));

    assertThat(new JobFailureDetector().detect(s)).isEmpty();
    assertThat(WorkloadStates.of(s).ready()).isEqualTo(1);
  }

  // --- ADMISSION_DENIED

  @Test
  void aKyvernoDenialNamesTheWebhookAndPolicy() {
    Event e =
        event(
            "ReplicaSet",
            "orders-7d9f",
            "FailedCreate",
            "Error creating: admission webhook \"validate.kyverno.svc-fail\" denied the request: \n\nresource Pod/shop/orders-7d9f-abcde "
                + "was blocked due to the following policies\n\nrequire-run-as-nonroot:\n  run-as-non-root: 'validation error: Running as root is not allowed.'",
            NOW.minus(2, ChronoUnit.MINUTES));

    assertThat(new AdmissionDeniedDetector().detect(snapshot(scaled(2, Map.of()), List.of(e))))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.ADMISSION_DENIED);
              assertThat(f.resource()).isEqualTo("ReplicaSet/shop/orders-7d9f");
              assertThat(f.attributes())
                  .containsEntry(AdmissionDeniedDetector.ATTR_WEBHOOK, "validate.kyverno.svc-fail")
                  .containsEntry(AdmissionDeniedDetector.ATTR_POLICY, "require-run-as-nonroot");
              assertThat(f.message()).startsWith("Kyverno");
            });
  }

  @Test
  void aPodSecurityDenialNamesTheLevel() {
    Event e =
        event(
            "ReplicaSet",
            "orders-7d9f",
            "FailedCreate",
            "Error creating: pods \"orders-7d9f-x\" is forbidden: violates PodSecurity \"restricted:latest\": "
                + "allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false)",
            NOW.minus(2, ChronoUnit.MINUTES));

    assertThat(new AdmissionDeniedDetector().detect(snapshot(scaled(2, Map.of()), List.of(e))))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.attributes())
                    .containsEntry(AdmissionDeniedDetector.ATTR_POD_SECURITY, "restricted:latest"));
  }

  @Test
  void nearMissAQuotaRefusalOrAnOldDenialIsNotAnAdmissionDenial() {
    Event quota =
        event(
            "ReplicaSet",
            "orders-7d9f",
            "FailedCreate",
            "Error creating: pods \"orders-7d9f-x\" is forbidden: exceeded quota: compute, requested: cpu=500m",
            NOW.minus(2, ChronoUnit.MINUTES));
    Event old =
        event(
            "ReplicaSet",
            "orders-7d9f",
            "FailedCreate",
            "Error creating: admission webhook \"validation.gatekeeper.sh\" denied the request: [cost-center] missing label",
            NOW.minus(5, ChronoUnit.HOURS));

    assertThat(
            new AdmissionDeniedDetector()
                .detect(snapshot(scaled(2, Map.of()), List.of(quota, old))))
        .isEmpty();
  }

  // --- STORAGE

  @Test
  void aClaimThatCannotBeProvisionedAndAMultiAttachAreStorage() {
    Event provisioning =
        event(
            "PersistentVolumeClaim",
            "data-postgres-2",
            "ProvisioningFailed",
            "storageclass.storage.k8s.io \"fast-ssd\" not found",
            NOW.minus(3, ChronoUnit.MINUTES));
    Event attach =
        event(
            "Pod",
            "orders-1",
            "FailedAttachVolume",
            "Multi-Attach error for volume \"pvc-12\" Volume is already exclusively attached to one node and can't be attached to another",
            NOW.minus(3, ChronoUnit.MINUTES));

    List<Finding> found =
        new StorageDetector().detect(snapshot(scaled(2, Map.of()), List.of(provisioning, attach)));

    assertThat(found).extracting(Finding::category).containsOnly(Category.STORAGE);
    assertThat(found)
        .extracting(f -> f.attributes().get(StorageDetector.ATTR_VOLUME_PROBLEM))
        .containsExactlyInAnyOrder("provisioning", "multi_attach");
  }

  @Test
  void aFullVolumeInTheLogsIsStorage() {
    List<Finding> found =
        new StorageDetector()
            .detect(
                withLogs(
                    Map.of(
                        "orders-1/app",
                        "INFO start\nERROR write /data/wal/000123: no space left on device\n")));

    assertThat(found)
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.attributes())
                    .containsEntry(StorageDetector.ATTR_VOLUME_PROBLEM, "full"));
  }

  @Test
  void nearMissAMissingConfigMapVolumeIsNotStorage() {
    Event mount =
        event(
            "Pod",
            "orders-1",
            "FailedMount",
            "MountVolume.SetUp failed for volume \"config\" : configmap \"orders-config\" not found",
            NOW.minus(3, ChronoUnit.MINUTES));

    assertThat(new StorageDetector().detect(snapshot(scaled(2, Map.of()), List.of(mount))))
        .isEmpty();
    assertThat(new StorageDetector().detect(withLogs(Map.of("orders-1/app", "disk usage 40%\n"))))
        .isEmpty();
  }

  // --- DEPENDENCY_FAILURE, CERTIFICATE, DNS

  @Test
  void aRefusedRedisIsADependencyFailureNamingTheHostAndRestartIsUnsafe() {
    List<Finding> found =
        new DependencyFailureDetector()
            .detect(
                withLogs(
                    Map.of(
                        "orders-1/app",
                        "2025-01-01T10:00:01.204Z INFO orders starting\n"
                            + "2025-01-01T10:00:02.310Z ERROR redis: dial tcp 10.96.14.7:6379: connect: connection refused\n")));

    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.DEPENDENCY_FAILURE);
              assertThat(f.attributes())
                  .containsEntry(DependencyFailureDetector.ATTR_DEPENDENCY, "10.96.14.7:6379")
                  .containsEntry(DependencyFailureDetector.ATTR_FAILURE, "refused")
                  .containsEntry(CrashLoopDetector.ATTR_RESTART_UNSAFE, "true");
            });
  }

  @Test
  void rejectedCredentialsAndA503AreDependencyFailures() {
    List<Finding> found =
        new DependencyFailureDetector()
            .detect(
                withLogs(
                    Map.of(
                        "orders-1/app",
                            "connecting to cache-redis.shop.svc:6379\nERR WRONGPASS invalid username-password pair or user is disabled.\n",
                        "orders-2/app",
                            "calling pricing\nERROR GET http://pricing.shop.svc:8080/v1/quote returned 503 Service Unavailable\n")));

    assertThat(found)
        .extracting(f -> f.attributes().get(DependencyFailureDetector.ATTR_FAILURE))
        .containsExactly("auth", "http_5xx");
    assertThat(found)
        .extracting(f -> f.attributes().get(DependencyFailureDetector.ATTR_DEPENDENCY))
        .containsExactly("cache-redis.shop.svc:6379", "pricing.shop.svc:8080");
  }

  @Test
  void nearMissAnApplicationErrorWithoutADependencyIsNotOne() {
    assertThat(
            new DependencyFailureDetector()
                .detect(
                    withLogs(
                        Map.of(
                            "orders-1/app",
                            "2025-01-01T10:00:01.204Z INFO orders 1.12.1 starting\n"
                                + "2025-01-01T10:00:02.310Z FATAL config: unknown field 'pricing.retries_v2' in /etc/orders/config.yaml\n"))))
        .isEmpty();
  }

  @Test
  void anExpiredCertificateIsCertificateAndAPlainTlsLogLineIsNot() {
    assertThat(
            new CertificateDetector()
                .detect(
                    withLogs(
                        Map.of(
                            "orders-1/app",
                            "Post \"https://payments.example.com/charge\": x509: certificate has expired or is not yet valid: current time ...\n"))))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.CERTIFICATE);
              assertThat(f.attributes()).containsEntry(CertificateDetector.ATTR_PROBLEM, "expired");
            });
    assertThat(
            new CertificateDetector()
                .detect(
                    withLogs(
                        Map.of(
                            "orders-1/app",
                            "INFO TLS handshake with payments.example.com complete (certificate valid until 2027-01-01)\n"))))
        .isEmpty();
  }

  @Test
  void aFailedLookupIsNetworkNamingTheHost() {
    assertThat(
            new DnsFailureDetector()
                .detect(
                    withLogs(
                        Map.of(
                            "orders-1/app",
                            "dial tcp: lookup postgres.db.svc.cluster.local on 10.96.0.10:53: server misbehaving\n"))))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.NETWORK);
              assertThat(f.attributes())
                  .containsEntry(
                      DnsFailureDetector.ATTR_LOOKUP_HOST, "postgres.db.svc.cluster.local");
            });
    assertThat(
            new DnsFailureDetector()
                .detect(withLogs(Map.of("orders-1/app", "resolved postgres.db.svc to 10.0.0.4\n"))))
        .isEmpty();
  }

  // --- liveness probe kills

  @Test
  void aContainerKilledByItsLivenessProbeIsAProbeFailureWhereARestartIsUnsafe() {
    Deployment d = ClusterObjects.deployment(NS, "orders", 1);
    Pod pod =
        new PodBuilder(
                ClusterObjects.pod(
                    ClusterObjects.replicaSet(d, "abc", "1", "orders:1", 1, 0),
                    "p1",
                    ClusterObjects.crashLooping(4, 137, "Error")))
            .build();
    Event liveness =
        event(
            "Pod",
            pod.getMetadata().getName(),
            "Unhealthy",
            "Liveness probe failed: Get \"http://10.0.0.5:8080/healthz\": context deadline exceeded",
            NOW.minus(2, ChronoUnit.MINUTES));
    WorkloadSnapshot probed = snapshot(d, List.of(pod), List.of(liveness), Map.of(), List.of());
    WorkloadSnapshot plain = snapshot(d, List.of(pod), List.of(), Map.of(), List.of());

    assertThat(new CrashLoopDetector().detect(probed))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.PROBE_FAILURE);
              assertThat(f.attributes())
                  .containsEntry(CrashLoopDetector.ATTR_KILLED_BY, "liveness_probe")
                  .containsEntry(CrashLoopDetector.ATTR_RESTART_UNSAFE, "true");
            });
    // near miss: the same exit code without a failing liveness probe stays a crash loop
    assertThat(new CrashLoopDetector().detect(plain))
        .singleElement()
        .satisfies(f -> assertThat(f.category()).isEqualTo(Category.CRASH_LOOP));
  }
}

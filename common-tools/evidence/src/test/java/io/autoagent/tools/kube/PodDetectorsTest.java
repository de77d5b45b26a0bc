package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.NOW;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.alert;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.app;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.autoagent.tools.kube.sandbox.ClusterObjects.App;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pod-level detectors, fed through the source from the fabric8 mock API (direct reads). */
@EnableKubernetesMockClient(crud = true)
class PodDetectorsTest {

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
    return "pods-" + NS.incrementAndGet();
  }

  private static List<Finding> findings(App app, Category category) {
    SourceReport report = source.collect(alert(app.ns(), app.deployment().getMetadata().getName()));
    assertThat(report.status()).isEqualTo(SourceReport.Status.OK);
    return report.findings().stream().filter(f -> f.category() == category).toList();
  }

  @Test
  void reportsCrashLoopWithExitCodeRestartsAndPreviousLog() {
    // given a pod crash-looping with exit code 1, and its previous log
    App app = app(client, ns(), "payments", 1);
    Pod pod = app.addPod("crash", ClusterObjects.crashLooping(7, 1, "Error"));
    app.addEvent(
        pod,
        "Warning",
        "BackOff",
        "Back-off restarting failed container app in pod " + pod.getMetadata().getName(),
        31,
        NOW);
    // The mock's getLog() answers with the pod list, so the log endpoint is stubbed.
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/"
                + app.ns()
                + "/pods/"
                + pod.getMetadata().getName()
                + "/log?pretty=false&container=app&previous=true&tailLines=50")
        .andReturn(
            200,
            "starting payments\njava.lang.IllegalStateException: DATABASE_URL is not set\n\tat Main.main(Main.java:12)\n")
        .always();

    // when
    List<Finding> crash = findings(app, Category.CRASH_LOOP);

    // then
    assertThat(crash)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.resource())
                  .isEqualTo("Pod/" + app.ns() + "/" + pod.getMetadata().getName());
              assertThat(f.attributes())
                  .containsEntry(Finding.ATTR_EXIT_CODE, "1")
                  .containsEntry(Finding.ATTR_RESTART_COUNT, "7")
                  .containsEntry(Finding.ATTR_POD, pod.getMetadata().getName())
                  .containsEntry(Finding.ATTR_CONTAINER, "app");
              assertThat(f.message())
                  .contains("exited with code 1 (Error)")
                  .contains("restarted 7 times");
              assertThat(f.evidence())
                  .anyMatch(l -> l.contains("DATABASE_URL is not set"))
                  .anyMatch(l -> l.contains("BackOff") && l.contains("(x31)"));
            });
  }

  @Test
  void doesNotCallAPodThatRestartedOnceAnHourAgoAndRunsNowACrashLoop() {
    // given a pod that restarted once an hour ago and has been running since
    App app = app(client, ns(), "payments", 1);
    app.addPod(
        "recovered",
        List.of(
            new ContainerStatusBuilder(ClusterObjects.runningReady().getFirst())
                .withRestartCount(1)
                .withNewLastState()
                .withNewTerminated()
                .withExitCode(1)
                .withReason("Error")
                .withFinishedAt(ClusterObjects.ts(NOW.minus(61, ChronoUnit.MINUTES)))
                .endTerminated()
                .endLastState()
                .build()));

    // then
    assertThat(findings(app, Category.CRASH_LOOP)).isEmpty();
    assertThat(findings(app, Category.OOM_KILLED)).isEmpty();
  }

  @Test
  void reportsOomKilledInsteadOfCrashLoopWithMemoryRequestAndLimit() {
    // given a CrashLoopBackOff whose last termination is OOMKilled
    App app = app(client, ns(), "payments", 1);
    app.addPod("oom", ClusterObjects.crashLooping(4, 137, "OOMKilled"));

    // then
    assertThat(findings(app, Category.CRASH_LOOP)).isEmpty();
    assertThat(findings(app, Category.OOM_KILLED))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.attributes())
                  .containsEntry(Finding.ATTR_MEMORY_LIMIT, "512Mi")
                  .containsEntry(Finding.ATTR_MEMORY_REQUEST, "256Mi")
                  .containsEntry(Finding.ATTR_EXIT_CODE, "137");
              assertThat(f.evidence()).anyMatch(l -> l.contains("terminated.reason=OOMKilled"));
            });
  }

  @Test
  void ignoresAnOomKillFromLongBeforeTheAlertWhenTheContainerRunsSince() {
    // given a container OOM-killed three hours ago, running and ready since
    App app = app(client, ns(), "payments", 1);
    app.addPod(
        "old-oom",
        List.of(
            new ContainerStatusBuilder(ClusterObjects.runningReady().getFirst())
                .withRestartCount(1)
                .withNewLastState()
                .withNewTerminated()
                .withExitCode(137)
                .withReason("OOMKilled")
                .withFinishedAt(ClusterObjects.ts(NOW.minus(3, ChronoUnit.HOURS)))
                .endTerminated()
                .endLastState()
                .build()));

    // then
    assertThat(findings(app, Category.OOM_KILLED)).isEmpty();
  }

  @Test
  void tellsAMissingTagFromARefusedPull() {
    // given one pod whose tag does not exist and one the registry refuses
    App app = app(client, ns(), "payments", 0);
    Pod missing =
        app.addPod(
            "missing",
            ClusterObjects.waiting(
                "ImagePullBackOff", "Back-off pulling image \"registry.example.com/payments:v2\""));
    Pod refused =
        app.addPod("refused", ClusterObjects.waiting("ErrImagePull", "rpc error: code = Unknown"));
    app.addEvent(
        missing,
        "Warning",
        "Failed",
        "Failed to pull image \"registry.example.com/payments:v2\": rpc error: code = NotFound desc = failed to pull and unpack image \"registry.example.com/payments:v2\": failed to resolve reference \"registry.example.com/payments:v2\": registry.example.com/payments:v2: not found",
        4,
        NOW);
    app.addEvent(
        refused,
        "Warning",
        "Failed",
        "Failed to pull image \"registry.example.com/payments:v2\": rpc error: code = Unknown desc = failed to pull and unpack image: failed to resolve reference: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed",
        4,
        NOW);

    // when
    List<Finding> pulls = findings(app, Category.IMAGE_PULL);

    // then
    assertThat(pulls).hasSize(2);
    assertThat(pulls)
        .filteredOn(
            f -> f.attributes().get(Finding.ATTR_POD).equals(missing.getMetadata().getName()))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.attributes())
                    .containsEntry(ImagePullDetector.ATTR_PULL_FAILURE, "missing_image")
                    .containsEntry(Finding.ATTR_IMAGE, "registry.example.com/payments:v2"));
    assertThat(pulls)
        .filteredOn(
            f -> f.attributes().get(Finding.ATTR_POD).equals(refused.getMetadata().getName()))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.attributes())
                    .containsEntry(ImagePullDetector.ATTR_PULL_FAILURE, "auth"));
  }

  @Test
  void doesNotReportAPodStillCreatingItsContainerAsAnImagePull() {
    // given a pod whose container is still being created
    App app = app(client, ns(), "payments", 0);
    app.addPod("creating", ClusterObjects.waiting("ContainerCreating", null));

    // then
    assertThat(findings(app, Category.IMAGE_PULL)).isEmpty();
    assertThat(findings(app, Category.CONFIG_ERROR)).isEmpty();
  }

  @Test
  void namesTheMissingConfigMapAndTheMissingSecretKey() {
    // given one pod missing a ConfigMap and one missing a key of a Secret
    App app = app(client, ns(), "payments", 0);
    app.addPod(
        "cm",
        ClusterObjects.waiting(
            "CreateContainerConfigError", "configmap \"payments-config\" not found"));
    app.addPod(
        "key",
        ClusterObjects.waiting(
            "CreateContainerConfigError",
            "couldn't find key DB_PASSWORD in Secret " + app.ns() + "/payments-db"));

    // when
    List<Finding> config = findings(app, Category.CONFIG_ERROR);

    // then
    assertThat(config)
        .extracting(Finding::attributes)
        .containsExactlyInAnyOrder(
            java.util.Map.of(
                Finding.ATTR_POD,
                "payments-7d9c5b-cm",
                Finding.ATTR_CONTAINER,
                "app",
                Finding.ATTR_CONFIGMAP,
                "payments-config",
                "revision",
                "2",
                "revision_current",
                "true",
                "previous_revision_ready",
                "false"),
            java.util.Map.of(
                Finding.ATTR_POD,
                "payments-7d9c5b-key",
                Finding.ATTR_CONTAINER,
                "app",
                Finding.ATTR_SECRET,
                "payments-db",
                Finding.ATTR_KEY,
                "DB_PASSWORD",
                "revision",
                "2",
                "revision_current",
                "true",
                "previous_revision_ready",
                "false"));
    assertThat(config)
        .anyMatch(f -> f.message().contains("ConfigMap payments-config does not exist"));
  }

  @Test
  void reportsARunningContainerThatFailsItsReadinessProbe() {
    // given a running, unready container with Unhealthy events
    App app = app(client, ns(), "payments", 1);
    Pod pod = app.addPod("unready", List.of(notReadyRunning()));
    app.addEvent(
        pod,
        "Warning",
        "Unhealthy",
        "Readiness probe failed: HTTP probe failed with statuscode: 503",
        40,
        NOW);

    // then
    assertThat(findings(app, Category.PROBE_FAILURE))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.attributes())
                  .containsEntry("probe", "readiness")
                  .containsEntry(Finding.ATTR_POD, pod.getMetadata().getName());
              assertThat(f.evidence()).anyMatch(l -> l.contains("statuscode: 503"));
            });
  }

  @Test
  void doesNotReportAContainerThatIsStartingWithoutUnhealthyEvents() {
    // given a running container that is not ready yet and no probe failures
    App app = app(client, ns(), "payments", 1);
    app.addPod("starting", List.of(notReadyRunning()));

    // then
    assertThat(findings(app, Category.PROBE_FAILURE)).isEmpty();
  }

  private static ContainerStatus notReadyRunning() {
    return new ContainerStatusBuilder(ClusterObjects.runningReady().getFirst())
        .withReady(false)
        .build();
  }
}

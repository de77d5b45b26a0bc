package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.NOW;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.alert;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.app;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.RootCause;
import io.autoagent.tools.analysis.RulesAnalyzer;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.analysis.WorkloadState;
import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.autoagent.tools.kube.sandbox.ClusterObjects.App;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resolution, workload state, failures of the API and the informer caches, against the mock API.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesEvidenceSourceTest {

  static KubernetesClient client;
  static KubernetesMockServer server;
  static KubernetesEvidenceSource direct;
  static KubernetesEvidenceSource cached;
  private static final KubeOptions OPTIONS =
      KubeOptions.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(2));

  @BeforeAll
  static void createSources() {
    direct = new KubernetesEvidenceSource(client, OPTIONS);
    // Informers stay open for the class: closing one can stall the mock server for ~30 s.
    cached = new KubernetesEvidenceSource(client, OPTIONS.withWatchNamespaces(Set.of("informed")));
    cached.start();
  }

  @AfterAll
  static void closeSources() {
    direct.close();
    cached.close();
  }

  private static RootCause analyze(SourceReport report, String ns, String service) {
    return new RulesAnalyzer().analyze(new Evidence(alert(ns, service), List.of(report)));
  }

  private static void stubLog(Pod pod, String text) {
    // The mock's getLog() answers with the pod list, so the log endpoint is stubbed.
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/"
                + pod.getMetadata().getNamespace()
                + "/pods/"
                + pod.getMetadata().getName()
                + "/log?pretty=false&container=app&previous=true&tailLines=50")
        .andReturn(200, text)
        .always();
  }

  @Test
  void resolvesAServiceByItsKubernetesNameLabel() {
    // given a Deployment named payments-v2 labelled app.kubernetes.io/name=payments
    App app = app(client, "by-label", "payments-v2", 1);
    client
        .resource(
            new DeploymentBuilder(app.deployment())
                .editMetadata()
                .withLabels(Map.of("app.kubernetes.io/name", "payments"))
                .endMetadata()
                .build())
        .update();

    // when
    SourceReport report = direct.collect(alert("by-label", "payments"));

    // then
    assertThat(report.status()).isEqualTo(SourceReport.Status.OK);
    assertThat(report.workload().name()).isEqualTo("payments-v2");
  }

  @Test
  void answersNotFoundForAServiceThatDoesNotExist() {
    // given a namespace with another service only
    app(client, "not-found", "checkout", 1);

    // when
    SourceReport report = direct.collect(alert("not-found", "payments"));

    // then
    assertThat(report.status()).isEqualTo(SourceReport.Status.NOT_FOUND);
    assertThat(report.detail()).contains("payments").contains("not-found");
  }

  @Test
  void callsAHealthyServiceHealthyNextToABrokenNeighbour() {
    // given a healthy payments and a crash-looping checkout in the same namespace
    app(client, "neighbours", "payments", 2);
    App checkout = app(client, "neighbours", "checkout", 1);
    Pod broken = checkout.addPod("crash", ClusterObjects.crashLooping(9, 1, "Error"));
    checkout.addEvent(
        broken, "Warning", "BackOff", "Back-off restarting failed container app", 20, NOW);
    stubLog(broken, "panic: boom\n");

    // when
    SourceReport payments = direct.collect(alert("neighbours", "payments"));
    SourceReport neighbour = direct.collect(alert("neighbours", "checkout"));

    // then
    assertThat(payments.findings()).isEmpty();
    assertThat(analyze(payments, "neighbours", "payments").category()).isEqualTo(Category.HEALTHY);
    assertThat(analyze(neighbour, "neighbours", "checkout").category())
        .isEqualTo(Category.CRASH_LOOP);
  }

  @Test
  void reportsReplicasImagesRevisionAndAFeasibleRollback() {
    // given payments at revision 2 (v2) with revision 1 (v1) kept
    App app = app(client, "state", "payments", 2);

    // when
    SourceReport report = direct.collect(alert("state", "payments"));

    // then
    WorkloadState w = report.workload();
    assertThat(w.kind()).isEqualTo("Deployment");
    assertThat(List.of(w.desired(), w.ready(), w.available(), w.updated())).containsOnly(2);
    assertThat(w.images()).containsEntry("app", "registry.example.com/payments:v2");
    assertThat(w.revision()).isEqualTo("2");
    assertThat(w.rolloutState()).isEqualTo("complete");
    assertThat(w.rollback().feasible()).isTrue();
    assertThat(w.rollback().toRevision()).isEqualTo("1");
    assertThat(w.rollback().reason())
        .contains("payments:v1")
        .contains("revisionHistoryLimit=10 keeps it");
    assertThat(report.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.revision()).isEqualTo("2");
              assertThat(c.summary())
                  .contains(
                      "image app: registry.example.com/payments:v1 -> registry.example.com/payments:v2");
            });
    assertThat(app.previous().getMetadata().getName()).isEqualTo("payments-5f6d7c");
  }

  @Test
  void judgesRollbackInfeasibleWhenNoPreviousRevisionIsKept() {
    // given the previous ReplicaSet was garbage-collected
    App app = app(client, "no-history", "payments", 1);
    client.resource(app.previous()).delete();

    // when
    WorkloadState w = direct.collect(alert("no-history", "payments")).workload();

    // then
    assertThat(w.rollback().feasible()).isFalse();
    assertThat(w.rollback().reason()).contains("No previous ReplicaSet revision");
  }

  @Test
  void answersUnavailableAndTurnsUnhealthyWhenTheApiIsUnreachable() throws IOException {
    // given a client pointed at a closed port
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Config config =
        new ConfigBuilder()
            .withMasterUrl("http://127.0.0.1:" + port)
            .withConnectionTimeout(300)
            .withRequestTimeout(300)
            .withRequestRetryBackoffLimit(0)
            .build();
    try (KubernetesClient down = new KubernetesClientBuilder().withConfig(config).build();
        KubernetesEvidenceSource source =
            new KubernetesEvidenceSource(
                down, OPTIONS.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1)))) {
      // when
      SourceReport report = source.collect(alert("prod", "payments"));

      // then
      assertThat(report.status()).isEqualTo(SourceReport.Status.UNAVAILABLE);
      assertThat(report.wireStatus()).isEqualTo("unavailable");
      assertThat(source.healthy()).isFalse();
      source.start();
      assertThat(source.healthy()).isFalse();
    }
  }

  @Test
  void recoversByItselfWhenTheApiAnswersAgain() {
    // given an API that fails once with 503, then answers (a client that does not retry by itself)
    app(client, "flaky", "payments", 1);
    server
        .expect()
        .get()
        .withPath("/apis/apps/v1/namespaces/flaky/deployments/payments")
        .andReturn(503, "")
        .once();
    Config config =
        new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build();
    try (KubernetesClient noRetry = new KubernetesClientBuilder().withConfig(config).build();
        KubernetesEvidenceSource source = new KubernetesEvidenceSource(noRetry, OPTIONS)) {
      // when the API fails
      SourceReport failed = source.collect(alert("flaky", "payments"));

      // then
      assertThat(failed.status()).isEqualTo(SourceReport.Status.UNAVAILABLE);
      assertThat(source.healthy()).isFalse();

      // when it answers again
      SourceReport ok = source.collect(alert("flaky", "payments"));

      // then
      assertThat(ok.status()).isEqualTo(SourceReport.Status.OK);
      assertThat(source.healthy()).isTrue();
    }
  }

  @Test
  void servesFromTheCacheAndSeesAPodStatusChangeMadeAfterStartUp() {
    // given a healthy service in the watched namespace, and the caches synced
    App app = app(client, "informed", "payments", 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cached.servesFromCache("informed") && cached.healthy());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> cached.collect(alert("informed", "payments")).workload() != null);
    assertThat(cached.collect(alert("informed", "payments")).findings()).isEmpty();
    assertThat(cached.servesFromCache("elsewhere")).isFalse();

    // when the pod starts crash-looping
    Pod pod = app.pods().getFirst();
    stubLog(pod, "fatal: cannot bind :8080\n");
    client
        .resource(
            new PodBuilder(pod)
                .editStatus()
                .withContainerStatuses(ClusterObjects.crashLooping(3, 2, "Error"))
                .endStatus()
                .build())
        .updateStatus();

    // then an analysis from the cache sees it
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(cached.collect(alert("informed", "payments")).findings())
                    .anySatisfy(
                        f -> {
                          assertThat(f.category()).isEqualTo(Category.CRASH_LOOP);
                          assertThat(f.evidence()).anyMatch(l -> l.contains("cannot bind :8080"));
                        }));
  }

  @Test
  void stateTokenChangesWhenACachedObjectOfTheNamespaceOrANodeChanges() {
    // given a service in the watched namespace, and the caches synced
    App app = app(client, "informed", "inventory", 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cached.servesFromCache("informed") && cached.healthy());
    // read straight from the API, or outside the watched namespaces: no token, never reused
    assertThat(direct.stateToken(alert("informed", "inventory"))).isNull();
    assertThat(cached.stateToken(alert("elsewhere", "inventory"))).isNull();
    Object before = cached.stateToken(alert("informed", "inventory"));
    assertThat(before).isNotNull();

    // when one of its pods changes, the token changes
    Pod pod = app.pods().getFirst();
    client
        .resource(
            new PodBuilder(pod)
                .editStatus()
                .withContainerStatuses(ClusterObjects.crashLooping(2, 1, "Error"))
                .endStatus()
                .build())
        .updateStatus();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !before.equals(cached.stateToken(alert("informed", "inventory"))));

    // and when a node changes
    Object afterPod = cached.stateToken(alert("informed", "inventory"));
    client
        .nodes()
        .resource(
            new io.fabric8.kubernetes.api.model.NodeBuilder()
                .withNewMetadata()
                .withName("token-node")
                .endMetadata()
                .build())
        .create();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !afterPod.equals(cached.stateToken(alert("informed", "inventory"))));
  }

  @Test
  void stateTokenMovesAfterAnAnalysisOfTheNamespaceWhoseLiveReadFailed() {
    // given a crash-looping pod in the watched namespace whose previous log the API fails to serve
    App app = app(client, "informed", "ledger", 1);
    Pod pod = app.addPod("crash", ClusterObjects.crashLooping(3, 1, "Error"));
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/informed/pods/"
                + pod.getMetadata().getName()
                + "/log?pretty=false&container=app&previous=true&tailLines=50")
        .andReturn(500, "etcd timeout")
        .always();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cached.servesFromCache("informed")
                    && cached.collect(alert("informed", "ledger")).workload() != null);
    Object before = cached.stateToken(alert("informed", "ledger"));

    // when an analysis reads it and goes on without the log
    SourceReport report = cached.collect(alert("informed", "ledger"));

    // then the report is still whole, but its analysis is not handed on: the token moved
    assertThat(report.status()).isEqualTo(SourceReport.Status.OK);
    KubernetesEvidenceSource.StateToken after =
        (KubernetesEvidenceSource.StateToken) cached.stateToken(alert("informed", "ledger"));
    assertThat(after.failedCollections())
        .isEqualTo(((KubernetesEvidenceSource.StateToken) before).failedCollections() + 1);
  }

  @Test
  void readsAPreviousInstancesLogOnceAndAgainAfterTheNextRestart() {
    // given a crash-looping pod whose previous log the API serves exactly once
    App app = app(client, "log-reuse", "payments", 1);
    Pod pod = app.addPod("crash", ClusterObjects.crashLooping(4, 1, "Error"));
    String path =
        "/api/v1/namespaces/log-reuse/pods/"
            + pod.getMetadata().getName()
            + "/log?pretty=false&container=app&previous=true&tailLines=50";
    server.expect().get().withPath(path).andReturn(200, "panic: first crash\n").once();

    // when two alerts about it are analysed
    SourceReport first = direct.collect(alert("log-reuse", "payments"));
    SourceReport second = direct.collect(alert("log-reuse", "payments"));

    // then both carry the log: the second was served without asking the API again
    assertThat(logLines(first)).anyMatch(l -> l.contains("panic: first crash"));
    assertThat(logLines(second)).anyMatch(l -> l.contains("panic: first crash"));

    // when the container crashes once more (a new previous instance), with a new log
    server.expect().get().withPath(path).andReturn(200, "panic: second crash\n").once();
    Pod current =
        client.pods().inNamespace("log-reuse").withName(pod.getMetadata().getName()).get();
    client
        .resource(
            new PodBuilder(current)
                .editStatus()
                .withContainerStatuses(
                    new ContainerStatusBuilder(
                            ClusterObjects.crashLooping(5, 1, "Error").getFirst())
                        .editLastState()
                        .editTerminated()
                        .withContainerID("containerd://b2")
                        .endTerminated()
                        .endLastState()
                        .build())
                .endStatus()
                .build())
        .updateStatus();

    // then the new instance's log is read
    assertThat(logLines(direct.collect(alert("log-reuse", "payments"))))
        .anyMatch(l -> l.contains("panic: second crash"))
        .noneMatch(l -> l.contains("panic: first crash"));
  }

  private static List<String> logLines(SourceReport report) {
    return report.findings().stream().flatMap(f -> f.evidence().stream()).toList();
  }

  @Test
  void readsANamespaceThatIsNotCachedStraightFromTheApi() {
    // given a service outside the watched namespaces
    app(client, "unwatched", "payments", 1);

    // when
    SourceReport report = cached.collect(alert("unwatched", "payments"));

    // then
    assertThat(cached.servesFromCache("unwatched")).isFalse();
    assertThat(report.status()).isEqualTo(SourceReport.Status.OK);
    assertThat(report.workload().name()).isEqualTo("payments");
  }

  @Test
  void stripsManagedFieldsBeforeCaching() {
    // given a deployment with managed fields and a last-applied annotation
    Deployment d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("x")
            .withNamespace("informed")
            .addNewManagedField()
            .withManager("kubectl")
            .withOperation("Apply")
            .endManagedField()
            .withAnnotations(
                new java.util.HashMap<>(Map.of(StrippingStore.LAST_APPLIED, "{}", "keep", "me")))
            .endMetadata()
            .build();

    // when
    StrippingStore<Deployment> store = new StrippingStore<>();
    store.put(store.getKey(d), d);

    // then
    Deployment cachedCopy = store.get("informed/x");
    assertThat(cachedCopy.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cachedCopy.getMetadata().getAnnotations()).containsOnlyKeys("keep");
  }
}

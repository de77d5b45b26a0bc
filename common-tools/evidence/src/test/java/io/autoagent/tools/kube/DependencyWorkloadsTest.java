package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency's own workload: Service names in logs, the lookup of their pods, the finding's
 * attributes, and the current log of a pod whose readiness fails.
 */
@EnableKubernetesMockClient(crud = true)
class DependencyWorkloadsTest {

  static KubernetesClient client;
  static KubernetesMockServer server;
  private static final ExecutorService EXECUTOR = Executors.newVirtualThreadPerTaskExecutor();
  private static final String APP_NS = "shop";
  private static final String REFUSED =
      "2026-01-01T10:00:02Z ERROR pool: dial tcp"
          + " postgres.db.svc.cluster.local:5432: connect: connection refused\n";

  private static final java.util.function.Predicate<String> ALL = ns -> true;

  @AfterAll
  static void stop() {
    EXECUTOR.shutdownNow();
  }

  @Test
  void everyFormOfAClusterServiceNameIsOneAndOtherHostsAreNot() {
    assertThat(DependencyWorkloads.serviceName("postgres", APP_NS))
        .contains(new DependencyWorkloads.ServiceName(APP_NS, "postgres"));
    assertThat(DependencyWorkloads.serviceName("postgres:5432", APP_NS))
        .contains(new DependencyWorkloads.ServiceName(APP_NS, "postgres"));
    for (String host :
        List.of(
            "postgres.db",
            "postgres.db:5432",
            "postgres.db.svc",
            "postgres.db.svc:5432",
            "postgres.db.svc.cluster.local",
            "postgres.db.svc.cluster.local:5432")) {
      assertThat(DependencyWorkloads.serviceName(host, APP_NS))
          .as(host)
          .contains(new DependencyWorkloads.ServiceName("db", "postgres"));
    }
    for (String host :
        List.of(
            "10.96.14.7:6379",
            "api.cardpartner.example.com",
            "db.example.com:5432",
            "postgres.db.svc.cluster",
            "")) {
      assertThat(DependencyWorkloads.serviceName(host, APP_NS)).as(host).isEmpty();
    }
  }

  @Test
  void aPendingDatabaseInAnotherNamespaceIsDownWithTheSchedulersReason() {
    // given
    String ns = "dep-db-pending";
    create(ns, pendingPod(ns, "postgres-0"));

    // when
    List<LiveEvidence.DependencyWorkload> found =
        DependencyWorkloads.read(
            new ApiReader(client),
            APP_NS,
            List.of("postgres." + ns + ".svc.cluster.local:5432"),
            ALL);

    // then
    assertThat(found)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.namespace()).isEqualTo(ns);
              assertThat(d.service()).isEqualTo("postgres");
              assertThat(d.down()).isTrue();
              assertThat(d.state())
                  .isEqualTo("Pending, 0/1 nodes are available: 1 Insufficient memory.");
            });
  }

  @Test
  void aDatabaseScaledToZeroIsDown() {
    String ns = "dep-db-zero";
    create(ns);

    List<LiveEvidence.DependencyWorkload> found =
        DependencyWorkloads.read(
            new ApiReader(client), APP_NS, List.of("postgres." + ns + ":5432"), ALL);

    assertThat(found).singleElement().satisfies(d -> assertThat(d.down()).isTrue());
    assertThat(found.getFirst().state()).startsWith("no pod");
  }

  @Test
  void nearMissAHealthyDatabaseServiceIsNotDown() {
    String ns = "dep-db-healthy";
    create(ns, readyPod(ns, "postgres-0"));

    List<LiveEvidence.DependencyWorkload> found =
        DependencyWorkloads.read(
            new ApiReader(client), APP_NS, List.of("postgres." + ns + ".svc"), ALL);

    assertThat(found).singleElement().satisfies(d -> assertThat(d.down()).isFalse());
  }

  @Test
  void aHostOutsideTheClusterIsNotLookedUp() {
    int before = server.getRequestCount();

    List<LiveEvidence.DependencyWorkload> found =
        DependencyWorkloads.read(
            new ApiReader(client),
            APP_NS,
            List.of("api.cardpartner.example.com", "10.0.0.1:5432"),
            ALL);

    assertThat(found).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(before);
  }

  @Test
  void nearMissAnUnwatchedNamespaceIsNotLookedUp() {
    String ns = "dep-db-unwatched";
    create(ns, pendingPod(ns, "postgres-0"));
    int before = server.getRequestCount();

    List<LiveEvidence.DependencyWorkload> found =
        DependencyWorkloads.read(
            new ApiReader(client), APP_NS, List.of("postgres." + ns + ":5432"), APP_NS::equals);

    assertThat(found).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(before);
  }

  @Test
  void aServiceNoOneDefinedIsLeftOut() {
    assertThat(
            DependencyWorkloads.read(
                new ApiReader(client), APP_NS, List.of("postgres.dep-nothing.svc:5432"), ALL))
        .isEmpty();
  }

  @Test
  void aDownDependencyWorkloadIsNamedInTheFindingAndItsSummary() {
    var down =
        new LiveEvidence.DependencyWorkload(
            "postgres.db.svc.cluster.local:5432",
            "db",
            "postgres",
            true,
            1,
            0,
            "Pending, 0/1 nodes are available: 1 Insufficient memory.");

    List<Finding> found = new DependencyFailureDetector().detect(snapshotWith(List.of(down)));

    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.DEPENDENCY_FAILURE);
              assertThat(f.message())
                  .startsWith("postgres in db has no ready pod: Pending, 0/1 nodes are available");
              assertThat(f.attributes())
                  .containsEntry(DependencyFailureDetector.ATTR_WORKLOAD, "db/postgres")
                  .containsEntry(DependencyFailureDetector.ATTR_STATE, down.state())
                  .containsEntry(CrashLoopDetector.ATTR_RESTART_UNSAFE, "true");
              assertThat(f.evidence().getFirst()).startsWith("current log of not-Ready pod ");
            });
  }

  @Test
  void nearMissAHealthyDependencyWorkloadAddsNoState() {
    var healthy =
        new LiveEvidence.DependencyWorkload(
            "postgres.db.svc.cluster.local:5432", "db", "postgres", true, 1, 1, "");

    List<Finding> found = new DependencyFailureDetector().detect(snapshotWith(List.of(healthy)));

    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.attributes())
                  .doesNotContainKeys(
                      DependencyFailureDetector.ATTR_WORKLOAD,
                      DependencyFailureDetector.ATTR_STATE);
              assertThat(f.message()).startsWith("Container app of pod ");
            });
    assertThat(new DependencyFailureDetector().hosts(snapshotWith(List.of())))
        .containsExactly("postgres.db.svc.cluster.local:5432");
  }

  @Test
  void readsTheCurrentLogOfARunningPodWhenNoPodIsReadyAndNoneCrashLoops() {
    // given
    String ns = "dep-reader-not-ready";
    Deployment d = ClusterObjects.deployment(ns, "orders", 2);
    var rs = ClusterObjects.replicaSet(d, "6c7d8e", "3", "orders:v3", 2, 0);
    Pod first = ClusterObjects.pod(rs, "aaaaa", runningNotReady());
    Pod second = ClusterObjects.pod(rs, "bbbbb", runningNotReady());
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/"
                + ns
                + "/pods/"
                + first.getMetadata().getName()
                + "/log?pretty=false&container=app&tailLines=50")
        .andReturn(200, REFUSED)
        .always();
    var reader =
        new LiveEvidenceReader(
            client,
            new OnDemandReads(
                client,
                KubeOptions.defaults().withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30)),
                EXECUTOR),
            Clock.systemUTC());

    // when
    LiveEvidence live = reader.read(d, d.getSpec().getTemplate(), List.of(first, second), Map.of());

    // then
    assertThat(live.currentLogs())
        .containsOnlyKeys(first.getMetadata().getName() + "/app")
        .containsValue(REFUSED);
  }

  @Test
  void nearMissAPendingPodsLogIsNotRead() {
    Pod pending = pendingPod("dep-reader-pending", "orders-0");

    assertThat(LiveEvidenceReader.runningNotReady(pending)).isFalse();
    assertThat(LiveEvidenceReader.runningNotReady(readyPod("dep-reader-pending", "orders-1")))
        .isFalse();
  }

  @Test
  void theCollectorLooksUpTheDependencyTheNotReadyPodsLogNames() {
    // given: orders' only pod runs but is not Ready; its log names postgres in another namespace
    String ns = "dep-collector-app";
    String dbNs = "dep-collector-db";
    var app = ClusterObjects.app(client, ns, "orders", 0);
    Pod pod = app.addPod("aaaaa", runningNotReady());
    String log =
        "ERROR pool: dial tcp postgres."
            + dbNs
            + ".svc.cluster.local:5432: connect: connection refused\n";
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/"
                + ns
                + "/pods/"
                + pod.getMetadata().getName()
                + "/log?pretty=false&container=app&tailLines=50")
        .andReturn(200, log)
        .always();
    create(dbNs, pendingPod(dbNs, "postgres-0"));
    OnDemandReads onDemand =
        new OnDemandReads(
            client,
            KubeOptions.defaults().withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30)),
            EXECUTOR);
    var collector =
        new SnapshotCollector(
            onDemand,
            NetworkReads.NONE,
            new LiveEvidenceReader(client, onDemand, Clock.systemUTC()),
            null,
            ALL,
            LogSignals.defaults());

    // when
    WorkloadSnapshot snapshot =
        collector.collect(
            new ApiReader(client), ClusterObjects.alert(ns, "orders"), app.deployment(), NOW);

    // then
    assertThat(new DependencyFailureDetector().detect(snapshot))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.attributes())
                    .containsEntry(DependencyFailureDetector.ATTR_WORKLOAD, dbNs + "/postgres")
                    .containsEntry(
                        DependencyFailureDetector.ATTR_STATE,
                        "Pending, 0/1 nodes are available: 1 Insufficient memory."));
  }

  private static WorkloadSnapshot snapshotWith(List<LiveEvidence.DependencyWorkload> deps) {
    Deployment d = ClusterObjects.deployment(APP_NS, "orders", 1);
    var rs = ClusterObjects.replicaSet(d, "6c7d8e", "3", "orders:v3", 1, 0);
    Pod pod = ClusterObjects.pod(rs, "aaaaa", runningNotReady());
    String key = pod.getMetadata().getName() + "/app";
    return new WorkloadSnapshot(
            ClusterObjects.alert(APP_NS, "orders"),
            NOW,
            d,
            List.of(rs),
            List.of(pod),
            Map.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            null,
            Map.of(),
            List.of(),
            List.of())
        .withLive(
            new LiveEvidence(List.of(), List.of(), List.of(), List.of(), Map.of(key, REFUSED))
                .withDependencies(deps));
  }

  private static List<ContainerStatus> runningNotReady() {
    List<ContainerStatus> statuses = ClusterObjects.runningReady();
    statuses.forEach(s -> s.setReady(false));
    return statuses;
  }

  private static void create(String ns, Pod... pods) {
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("postgres")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of("app", "postgres"))
                .addNewPort()
                .withPort(5432)
                .endPort()
                .endSpec()
                .build())
        .create();
    for (Pod pod : pods) {
      client.resource(pod).create();
    }
  }

  private static Pod pendingPod(String ns, String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .withLabels(Map.of("app", "postgres"))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("postgres")
        .withImage("postgres:16")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Pending")
        .withConditions(
            new PodConditionBuilder()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage("0/1 nodes are available: 1 Insufficient memory.")
                .build())
        .endStatus()
        .build();
  }

  private static Pod readyPod(String ns, String name) {
    return new PodBuilder(pendingPod(ns, name))
        .editStatus()
        .withPhase("Running")
        .withConditions(
            new PodConditionBuilder().withType("PodScheduled").withStatus("True").build(),
            new PodConditionBuilder().withType("Ready").withStatus("True").build())
        .withContainerStatuses(ClusterObjects.runningReady())
        .endStatus()
        .build();
  }
}

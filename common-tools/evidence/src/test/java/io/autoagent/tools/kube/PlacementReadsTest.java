package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.PlacementFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What {@link PlacementReads} reads, and when, against the fabric8 mock API in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class PlacementReadsTest {

  static KubernetesClient client;
  static KubernetesMockServer server;

  private final Deployment web = PlacementFixtures.deployment(2);
  private final ReplicaSet rs = PlacementFixtures.replicaSet(web);

  @BeforeAll
  static void seed() {
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    client
        .resource(
            new StorageClassBuilder()
                .withNewMetadata()
                .withName("gp3")
                .endMetadata()
                .withProvisioner("ebs.csi.aws.com")
                .withVolumeBindingMode("Immediate")
                .build())
        .create();
    client
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("data-web")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withStorageClassName("fast-ssd")
                .withAccessModes("ReadWriteOnce")
                .endSpec()
                .withNewStatus()
                .withPhase("Pending")
                .endStatus()
                .build())
        .create();
    client
        .resource(
            new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .withMatchLabels(Map.of("app", "web"))
                .endSelector()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName("other")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .withMatchLabels(Map.of("app", "other"))
                .endSelector()
                .endSpec()
                .build())
        .create();
    client.resource(PlacementFixtures.node("node-9", Map.of("pool", "general"))).create();
    client
        .resource(
            new HorizontalPodAutoscalerBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withNewScaleTargetRef()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName("web-v1")
                .endScaleTargetRef()
                .withMaxReplicas(4)
                .endSpec()
                .build())
        .create();
    client
        .resource(
            PlacementFixtures.event(
                "Pod",
                "web-7d9c5b-gone1",
                "Normal",
                "Preempted",
                "Preempted by pod 91ac on node node-9",
                ClusterObjects.NOW))
        .create();
  }

  private PlacementEvidence read(WorkloadSnapshot snapshot) {
    return new PlacementReads(client, Clock.systemUTC()).read(new ApiReader(client), snapshot);
  }

  @Test
  void readsNoClaimNodeOrBudgetForAHealthyWorkload() {
    // given two ready pods mounting a claim, on an ordinary node
    List<Pod> pods =
        List.of(
            PlacementFixtures.withClaim(PlacementFixtures.running(rs, "a1"), "data-web"),
            PlacementFixtures.running(rs, "b2"));
    int before = server.getRequestCount();

    // when
    PlacementEvidence placement =
        read(PlacementFixtures.snapshot(web, pods, List.of(), PlacementEvidence.NONE));

    // then only the namespace's autoscalers were listed, and the target of the one named after the
    // service looked up
    assertThat(placement.claimsChecked()).isEmpty();
    assertThat(placement.storageClasses()).isNull();
    assertThat(placement.clusterNodes()).isNull();
    assertThat(placement.disruptionBudgets()).isNull();
    assertThat(placement.priorityClasses()).isNull();
    assertThat(server.getRequestCount() - before).isEqualTo(2);
    assertThat(placement.orphanedAutoscalers())
        .extracting(h -> h.getMetadata().getName())
        .containsExactly("web");
  }

  @Test
  void readsClaimsClassesNodesAndPreemptionsOfAPendingPod() {
    Pod pending = PlacementFixtures.withClaim(PlacementFixtures.pending(rs, "c3"), "data-web");
    Pod missing = PlacementFixtures.withClaim(PlacementFixtures.pending(rs, "d4"), "cache-web");

    PlacementEvidence placement =
        read(
            PlacementFixtures.snapshot(
                web, List.of(pending, missing), List.of(), PlacementEvidence.NONE));

    assertThat(placement.claimsChecked()).containsExactlyInAnyOrder("cache-web", "data-web");
    assertThat(placement.claims()).containsOnlyKeys("data-web");
    assertThat(placement.storageClasses())
        .extracting(c -> c.getMetadata().getName())
        .contains("gp3");
    assertThat(placement.clusterNodes())
        .extracting(n -> n.getMetadata().getName())
        .contains("node-9");
    assertThat(placement.relatedEvents())
        .extracting(e -> e.getInvolvedObject().getName())
        .containsExactly("web-7d9c5b-gone1");
    assertThat(placement.priorityClasses()).isEmpty();
    // and the detector turns them into findings
    WorkloadSnapshot snapshot =
        PlacementFixtures.snapshot(web, List.of(pending, missing), List.of(), placement);
    assertThat(new VolumeClaimDetector().detect(snapshot))
        .extracting(f -> f.attributes().get("volume_problem"))
        .containsExactlyInAnyOrder("claim_missing", "storage_class_missing");
  }

  @Test
  void servesNodesAndPreemptionsFromTheInformerCacheToo() {
    // given caches of the namespace, synced
    try (InformerCache cache = new InformerCache(client, java.util.Set.of(NS))) {
      cache.start();
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(() -> cache.serves(NS));

      // then the reason index and the node store answer what the API reader answers
      assertThat(cache.eventsWithReason(NS, PreemptionDetector.PREEMPTED))
          .extracting(e -> e.getInvolvedObject().getName())
          .containsExactly("web-7d9c5b-gone1");
      assertThat(cache.eventsWithReason(NS, "FailedScheduling")).isEmpty();
      assertThat(cache.nodes()).extracting(n -> n.getMetadata().getName()).contains("node-9");
    }
  }

  @Test
  void readsTheBudgetsSelectingThePodsWhenTheirNodeIsCordoned() {
    var cordoned =
        new NodeBuilder(ClusterObjects.node(ClusterObjects.NODE, ClusterObjects.readyNode()))
            .editSpec()
            .withUnschedulable(true)
            .endSpec()
            .build();
    WorkloadSnapshot snapshot =
        PlacementFixtures.snapshot(
            web,
            List.of(rs),
            List.of(PlacementFixtures.running(rs, "a1"), PlacementFixtures.running(rs, "b2")),
            Map.of(ClusterObjects.NODE, cordoned),
            List.of(),
            List.of(),
            PlacementEvidence.NONE);

    assertThat(read(snapshot).disruptionBudgets())
        .extracting(b -> b.getMetadata().getName())
        .containsExactly("web");
  }
}

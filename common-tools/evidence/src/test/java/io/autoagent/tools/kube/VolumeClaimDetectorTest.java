package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.PlacementFixtures.NS;
import static io.autoagent.tools.kube.PlacementFixtures.placement;
import static io.autoagent.tools.kube.PlacementFixtures.warning;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.NOW;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class VolumeClaimDetectorTest {

  private final Deployment web = PlacementFixtures.deployment(1);
  private final ReplicaSet rs = PlacementFixtures.replicaSet(web);

  private static PersistentVolumeClaim claim(
      String name, String phase, String storageClass, String... modes) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withStorageClassName(storageClass)
        .withAccessModes(modes.length == 0 ? List.of("ReadWriteOnce") : List.of(modes))
        .withVolumeName("Bound".equals(phase) ? "pvc-1234" : null)
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .endStatus()
        .build();
  }

  private static StorageClass storageClass(String name, String provisioner, String binding) {
    return new StorageClassBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withProvisioner(provisioner)
        .withVolumeBindingMode(binding)
        .build();
  }

  private static List<Finding> detect(
      List<Pod> pods, List<Event> events, PlacementFixtures.Placement placement) {
    return new VolumeClaimDetector()
        .detect(
            PlacementFixtures.snapshot(
                PlacementFixtures.deployment(1), pods, events, placement.build()));
  }

  @Test
  void reportsAPodMountingAClaimThatDoesNotExist() {
    // given a pending pod whose claim was looked up and not found
    Pod pod = PlacementFixtures.withClaim(PlacementFixtures.pending(rs, "a1"), "data-web");

    // when
    List<Finding> findings = detect(List.of(pod), List.of(), placement().checked("data-web"));

    // then
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.STORAGE);
              assertThat(f.resource()).isEqualTo("PersistentVolumeClaim/shop/data-web");
              assertThat(f.attributes()).containsEntry("volume_problem", "claim_missing");
              assertThat(f.message()).contains("does not exist");
            });
  }

  @Test
  void saysNothingOfABoundClaimOfRunningPods() {
    Pod pod = PlacementFixtures.withClaim(PlacementFixtures.running(rs, "a1"), "data-web");

    assertThat(
            detect(List.of(pod), List.of(), placement().claim(claim("data-web", "Bound", "gp3"))))
        .isEmpty();
  }

  @Test
  void saysNothingWhenTheClaimCouldNotBeRead() {
    // a read that failed leaves the claim unchecked: no "missing" verdict from a 403
    Pod pod = PlacementFixtures.withClaim(PlacementFixtures.pending(rs, "a1"), "data-web");

    assertThat(detect(List.of(pod), List.of(), placement())).isEmpty();
  }

  @Test
  void reportsAClaimAskingForAStorageClassThatDoesNotExist() {
    Pod pod = PlacementFixtures.withClaim(PlacementFixtures.pending(rs, "a1"), "data-web");

    List<Finding> findings =
        detect(
            List.of(pod),
            List.of(),
            placement()
                .claim(claim("data-web", "Pending", "fast-ssd"))
                .classes(storageClass("gp3", "ebs.csi.aws.com", "Immediate")));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.attributes())
                  .containsEntry("volume_problem", "storage_class_missing")
                  .containsEntry("claim", "data-web");
              assertThat(f.message()).contains("fast-ssd");
              assertThat(f.evidence()).anyMatch(line -> line.contains("gp3"));
            });
  }

  @Test
  void reportsAClaimWithoutClassWhenTheClusterHasNoDefault() {
    Pod pod = PlacementFixtures.withClaim(PlacementFixtures.pending(rs, "a1"), "data-web");

    List<Finding> findings =
        detect(
            List.of(pod),
            List.of(),
            placement()
                .claim(claim("data-web", "Pending", null))
                .classes(storageClass("gp3", "ebs.csi.aws.com", "Immediate")));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> assertThat(f.attributes()).containsEntry("volume_problem", "no_storage_class"));
  }

  @Test
  void leavesAWaitForFirstConsumerClaimToTheSchedulerWhileItsPodIsNotPlaced() {
    // near miss: the claim is Pending only because its pod waits for a node for another reason
    Pod pod = PlacementFixtures.withClaim(PlacementFixtures.pending(rs, "a1"), "data-web");

    List<Finding> findings =
        detect(
            List.of(pod),
            List.of(),
            placement()
                .claim(claim("data-web", "Pending", "gp3"))
                .classes(storageClass("gp3", "ebs.csi.aws.com", "WaitForFirstConsumer")));

    assertThat(findings).isEmpty();
  }

  @Test
  void reportsAProvisionerThatHasNotActedForMinutes() {
    Pod pod = PlacementFixtures.withClaim(PlacementFixtures.pending(rs, "a1"), "data-web");
    Event waiting =
        warning(
            "PersistentVolumeClaim",
            "data-web",
            "ExternalProvisioning",
            "Waiting for a volume to be created either by the external provisioner 'nfs.csi.k8s.io' or manually");

    List<Finding> findings =
        detect(
            List.of(pod),
            List.of(waiting),
            placement()
                .claim(claim("data-web", "Pending", "nfs"))
                .classes(storageClass("nfs", "nfs.csi.k8s.io", "Immediate")));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.attributes()).containsEntry("volume_problem", "no_provisioner");
              assertThat(f.message()).contains("nfs.csi.k8s.io");
            });
  }

  @Test
  void givesAProvisionerAMomentBeforeBlamingIt() {
    // near miss: the claim was created 30 seconds ago
    Pod pod = PlacementFixtures.withClaim(PlacementFixtures.pending(rs, "a1"), "data-web");
    Event waiting =
        new EventBuilder(
                warning("PersistentVolumeClaim", "data-web", "ExternalProvisioning", "Waiting"))
            .withFirstTimestamp(ts(NOW.minus(30, ChronoUnit.SECONDS)))
            .withLastTimestamp(ts(NOW))
            .build();

    List<Finding> findings =
        detect(
            List.of(pod),
            List.of(waiting),
            placement()
                .claim(claim("data-web", "Pending", "nfs"))
                .classes(storageClass("nfs", "nfs.csi.k8s.io", "Immediate")));

    assertThat(findings).isEmpty();
  }

  @Test
  void reportsAReadWriteOnceClaimNeededOnTwoNodes() {
    Pod old = PlacementFixtures.withClaim(PlacementFixtures.running(rs, "a1"), "data-web");
    Pod fresh =
        PlacementFixtures.withClaim(
            PlacementFixtures.waitingOnNode(rs, "b2", "node-2"), "data-web");
    Event attach =
        warning(
            "Pod",
            fresh.getMetadata().getName(),
            "FailedAttachVolume",
            "Multi-Attach error for volume \"pvc-1234\" Volume is already used by pod(s) "
                + old.getMetadata().getName());

    List<Finding> findings =
        detect(
            List.of(old, fresh),
            List.of(attach),
            placement().claim(claim("data-web", "Bound", "gp3")));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.attributes()).containsEntry("volume_problem", "multi_attach");
              assertThat(f.message())
                  .contains("node-1")
                  .contains("node-2")
                  .contains("ReadWriteOnce");
            });
  }

  @Test
  void allowsAReadWriteManyClaimOnTwoNodes() {
    Pod old = PlacementFixtures.withClaim(PlacementFixtures.running(rs, "a1"), "data-web");
    Pod fresh =
        PlacementFixtures.withClaim(
            PlacementFixtures.waitingOnNode(rs, "b2", "node-2"), "data-web");

    assertThat(
            detect(
                List.of(old, fresh),
                List.of(),
                placement().claim(claim("data-web", "Bound", "efs", "ReadWriteMany"))))
        .isEmpty();
  }

  @Test
  void takesOverTheClaimEventsFromTheEventDetector() {
    // given a ProvisioningFailed event on a claim whose class is missing
    Pod pod = PlacementFixtures.withClaim(PlacementFixtures.pending(rs, "a1"), "data-web");
    Event failed =
        warning(
            "PersistentVolumeClaim",
            "data-web",
            "ProvisioningFailed",
            "storageclass.storage.k8s.io \"fast-ssd\" not found");
    WorkloadSnapshot snapshot =
        PlacementFixtures.snapshot(
            web,
            List.of(pod),
            List.of(failed),
            placement()
                .claim(claim("data-web", "Pending", "fast-ssd"))
                .classes(storageClass("gp3", "ebs.csi.aws.com", "Immediate"))
                .build());

    // then one finding, from the objects, not a second from the event
    assertThat(new VolumeClaimDetector().detect(snapshot)).hasSize(1);
    assertThat(new StorageDetector().detect(snapshot)).isEmpty();
    // and without the objects the event detector still reports it
    assertThat(
            new StorageDetector()
                .detect(
                    PlacementFixtures.snapshot(
                        web, List.of(pod), List.of(failed), PlacementEvidence.NONE)))
        .hasSize(1);
  }

  @Test
  void believesTheClaimsProvisionerAnnotationOverAClassListWithoutIt() {
    // near miss: the class is not in our list, but the PV controller named its provisioner on the
    // claim and the provisioner refused: a provisioning failure, not a missing class
    Pod pod = PlacementFixtures.withClaim(PlacementFixtures.pending(rs, "a1"), "data-web");
    PersistentVolumeClaim annotated =
        new PersistentVolumeClaimBuilder(claim("data-web", "Pending", "gp3-encrypted"))
            .editMetadata()
            .addToAnnotations("volume.kubernetes.io/storage-provisioner", "ebs.csi.aws.com")
            .endMetadata()
            .build();
    Event failed =
        warning(
            "PersistentVolumeClaim",
            "data-web",
            "ProvisioningFailed",
            "failed to provision volume with StorageClass \"gp3-encrypted\": UnauthorizedOperation");

    List<Finding> findings =
        detect(
            List.of(pod),
            List.of(failed),
            placement()
                .claim(annotated)
                .classes(storageClass("gp3", "ebs.csi.aws.com", "Immediate")));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.attributes()).containsEntry("volume_problem", "provisioning");
              assertThat(f.message()).contains("ebs.csi.aws.com").contains("UnauthorizedOperation");
            });
  }

  @Test
  void leavesARunningPodWhoseClaimIsGoneAlone() {
    Pod pod =
        new PodBuilder(PlacementFixtures.withClaim(PlacementFixtures.running(rs, "a1"), "data-web"))
            .build();

    assertThat(detect(List.of(pod), List.of(), placement().checked("data-web"))).isEmpty();
  }
}

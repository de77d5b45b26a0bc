package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.PlacementFixtures.placement;
import static io.autoagent.tools.kube.PlacementFixtures.warning;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.NOW;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class NfsMountDetectorTest {

  private final Deployment web = PlacementFixtures.deployment(1);
  private final ReplicaSet rs = PlacementFixtures.replicaSet(web);

  private Pod inlineNfs() {
    return new PodBuilder(PlacementFixtures.running(rs, "a1"))
        .editSpec()
        .addNewVolume()
        .withName("shared")
        .withNewNfs()
        .withServer("10.0.9.4")
        .withPath("/exports/web")
        .endNfs()
        .endVolume()
        .endSpec()
        .build();
  }

  private Event probeTimeout(Pod pod) {
    return warning(
        "Pod",
        pod.getMetadata().getName(),
        "Unhealthy",
        "Liveness probe failed: Get \"http://10.244.1.17:8080/healthz\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
  }

  @Test
  void reportsProbeTimeoutsOfAPodOnAnNfsMountAsStorageNotToRestart() {
    Pod pod = inlineNfs();

    assertThat(
            new NfsMountDetector()
                .detect(
                    PlacementFixtures.snapshot(
                        web, List.of(pod), List.of(probeTimeout(pod)), PlacementEvidence.NONE)))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.STORAGE);
              assertThat(f.attributes())
                  .containsEntry("volume_problem", "nfs_hang")
                  .containsEntry("restart_unsafe", "true");
              assertThat(f.message()).contains("10.0.9.4:/exports/web");
            });
  }

  @Test
  void findsNfsBehindAClaimsPersistentVolume() {
    Pod pod = PlacementFixtures.withClaim(PlacementFixtures.running(rs, "a1"), "shared");
    PlacementEvidence placement =
        placement()
            .volume(
                "shared",
                new PersistentVolumeBuilder()
                    .withNewMetadata()
                    .withName("pv-nfs")
                    .endMetadata()
                    .withNewSpec()
                    .withNewCsi()
                    .withDriver("nfs.csi.k8s.io")
                    .withVolumeHandle("x")
                    .endCsi()
                    .endSpec()
                    .build())
            .build();

    assertThat(
            new NfsMountDetector()
                .detect(
                    PlacementFixtures.snapshot(
                        web, List.of(pod), List.of(probeTimeout(pod)), placement)))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("nfs.csi.k8s.io"));
  }

  @Test
  void reportsAPodStuckTerminatingOnNfs() {
    Pod pod =
        new PodBuilder(inlineNfs())
            .editMetadata()
            .withDeletionTimestamp(ts(NOW.minus(20, ChronoUnit.MINUTES)))
            .endMetadata()
            .build();

    assertThat(
            new NfsMountDetector()
                .detect(
                    PlacementFixtures.snapshot(
                        web, List.of(pod), List.of(), PlacementEvidence.NONE)))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("stuck terminating"));
  }

  @Test
  void leavesAProbeAnsweringAnErrorOnNfsAndATimeoutWithoutNfsAlone() {
    // near misses: an HTTP 500 is an answer, not a hang; a timeout without NFS is a probe failure
    Pod nfs = inlineNfs();
    Event error =
        warning(
            "Pod",
            nfs.getMetadata().getName(),
            "Unhealthy",
            "Readiness probe failed: HTTP probe failed with statuscode: 500");
    assertThat(
            new NfsMountDetector()
                .detect(
                    PlacementFixtures.snapshot(
                        web, List.of(nfs), List.of(error), PlacementEvidence.NONE)))
        .isEmpty();
    Pod plain = PlacementFixtures.running(rs, "b2");
    assertThat(
            new NfsMountDetector()
                .detect(
                    PlacementFixtures.snapshot(
                        web, List.of(plain), List.of(probeTimeout(plain)), PlacementEvidence.NONE)))
        .isEmpty();
  }
}

package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.NOW;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Init containers and native sidecars, named as such by the init, crash-loop and OOM detectors. */
class InitContainerDetectorTest {

  private final Deployment web = PlacementFixtures.deployment(1);
  private final ReplicaSet rs = PlacementFixtures.replicaSet(web);

  private Pod withInit(String restartPolicy, ContainerStatus status) {
    Pod pod = PlacementFixtures.running(rs, "a1");
    return new PodBuilder(pod)
        .editSpec()
        .withInitContainers(
            new ContainerBuilder()
                .withName("migrate")
                .withImage("registry.example.com/migrate:3")
                .withRestartPolicy(restartPolicy)
                .build())
        .endSpec()
        .editStatus()
        .withPhase("Pending")
        .withInitContainerStatuses(status)
        .endStatus()
        .build();
  }

  private static ContainerStatus terminated(int exitCode, String reason, int minutesAgo) {
    return new ContainerStatusBuilder()
        .withName("migrate")
        .withReady(false)
        .withRestartCount(0)
        .withNewState()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason(reason)
        .withFinishedAt(ts(NOW.minus(minutesAgo, ChronoUnit.MINUTES)))
        .endTerminated()
        .endState()
        .build();
  }

  private static ContainerStatus backingOff(String lastReason, int exitCode) {
    return new ContainerStatusBuilder()
        .withName("migrate")
        .withReady(false)
        .withRestartCount(6)
        .withNewState()
        .withNewWaiting()
        .withReason("CrashLoopBackOff")
        .endWaiting()
        .endState()
        .withNewLastState()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason(lastReason)
        .withFinishedAt(ts(NOW.minus(1, ChronoUnit.MINUTES)))
        .endTerminated()
        .endLastState()
        .build();
  }

  private WorkloadSnapshot snapshot(Pod pod) {
    return PlacementFixtures.snapshot(web, List.of(pod), List.of(), PlacementEvidence.NONE);
  }

  @Test
  void reportsAnInitContainerThatFailed() {
    assertThat(
            new InitContainerDetector().detect(snapshot(withInit(null, terminated(1, "Error", 2)))))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.CRASH_LOOP);
              assertThat(f.message()).startsWith("Init container migrate").contains("Init:Error");
              assertThat(f.attributes())
                  .containsEntry("container_role", "init")
                  .containsEntry("exit_code", "1");
            });
  }

  @Test
  void leavesAnInitContainerThatCompletedOrFailedLongAgoAlone() {
    assertThat(
            new InitContainerDetector()
                .detect(snapshot(withInit(null, terminated(0, "Completed", 2)))))
        .isEmpty();
    assertThat(
            new InitContainerDetector()
                .detect(snapshot(withInit(null, terminated(1, "Error", 300)))))
        .isEmpty();
  }

  @Test
  void leavesBackOffAndOomToTheirDetectorsWhichNameTheInitContainer() {
    Pod looping = withInit(null, backingOff("Error", 1));
    assertThat(new InitContainerDetector().detect(snapshot(looping))).isEmpty();
    assertThat(new CrashLoopDetector().detect(snapshot(looping)))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.message())
                  .startsWith("Init container migrate")
                  .contains("Init:CrashLoopBackOff");
              assertThat(f.attributes())
                  .containsEntry("container_role", "init")
                  .containsEntry("restart_unsafe", "true");
            });
    Pod oom = withInit(null, backingOff("OOMKilled", 137));
    assertThat(new CrashLoopDetector().detect(snapshot(oom))).isEmpty();
    assertThat(new OomKilledDetector().detect(snapshot(oom)))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).startsWith("Init container migrate"));
  }

  @Test
  void namesANativeSidecarAsSuch() {
    // near miss: an init container with restartPolicy Always is a sidecar, not Init:Error
    Pod sidecar = withInit("Always", backingOff("Error", 2));
    assertThat(new CrashLoopDetector().detect(snapshot(sidecar)))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.message()).startsWith("Sidecar container migrate");
              assertThat(f.attributes())
                  .containsEntry("container_role", "sidecar")
                  .doesNotContainKey("restart_unsafe");
            });
    assertThat(
            new InitContainerDetector()
                .detect(snapshot(withInit("Always", terminated(2, "Error", 1)))))
        .isEmpty();
  }
}

package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.PlacementFixtures.event;
import static io.autoagent.tools.kube.PlacementFixtures.placement;
import static io.autoagent.tools.kube.PlacementFixtures.warning;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreemptionDetectorTest {

  private final Deployment web = PlacementFixtures.deployment(2);
  private final ReplicaSet rs = PlacementFixtures.replicaSet(web);

  private static PriorityClass priority(String name, int value) {
    return new PriorityClassBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withValue(value)
        .build();
  }

  private Event preempted(String pod, int minutesAgo) {
    return event(
        "Pod",
        pod,
        "Normal",
        "Preempted",
        "Preempted by pod 3f2c9a on node node-1",
        NOW.minus(minutesAgo, ChronoUnit.MINUTES));
  }

  @Test
  void reportsPodsPreemptedForAHigherPriorityClassWhileReplacementsWait() {
    // given one pod deleted by preemption, its replacement Pending for lack of room
    Pod waiting = PlacementFixtures.pending(rs, "c3");
    WorkloadSnapshot snapshot =
        PlacementFixtures.snapshot(
            web,
            List.of(PlacementFixtures.running(rs, "a1"), waiting),
            List.of(
                warning(
                    "Pod",
                    waiting.getMetadata().getName(),
                    "FailedScheduling",
                    "0/3 nodes are available: 3 Insufficient cpu.")),
            placement()
                .related(preempted(rs.getMetadata().getName() + "-b2", 4))
                .priorities(priority("batch-critical", 100000), priority("low", -10))
                .build());

    // then the workload-level finding, and none per Pending pod
    assertThat(new PreemptionDetector().detect(snapshot))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.UNSCHEDULABLE);
              assertThat(f.severity()).isEqualTo(Severity.HIGH);
              assertThat(f.resource()).isEqualTo("Deployment/shop/web");
              assertThat(f.attributes())
                  .containsEntry("preempted", "true")
                  .containsEntry("restart_unsafe", "true");
              assertThat(f.evidence())
                  .anyMatch(l -> l.contains("batch-critical=100000"))
                  .noneMatch(l -> l.contains("low=-10"));
            });
    assertThat(new UnschedulableDetector().detect(snapshot)).isEmpty();
  }

  @Test
  void isOnlyANoteWhenThePreemptedPodsAreBack() {
    // near miss: preempted, rescheduled, all ready again
    WorkloadSnapshot snapshot =
        PlacementFixtures.snapshot(
            web,
            List.of(PlacementFixtures.running(rs, "a1"), PlacementFixtures.running(rs, "c3")),
            List.of(),
            placement().related(preempted(rs.getMetadata().getName() + "-b2", 20)).build());

    assertThat(new PreemptionDetector().detect(snapshot))
        .singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.LOW));
  }

  @Test
  void ignoresPreemptionsBeforeTheAlertWindow() {
    Pod waiting = PlacementFixtures.pending(rs, "c3");
    WorkloadSnapshot snapshot =
        PlacementFixtures.snapshot(
            web,
            List.of(waiting),
            List.of(),
            placement().related(preempted(rs.getMetadata().getName() + "-b2", 180)).build());

    assertThat(new PreemptionDetector().detect(snapshot)).isEmpty();
    assertThat(new UnschedulableDetector().detect(snapshot)).hasSize(1);
  }
}

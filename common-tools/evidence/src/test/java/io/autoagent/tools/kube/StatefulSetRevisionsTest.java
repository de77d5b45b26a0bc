package io.autoagent.tools.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.WorkloadState;
import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rollback feasibility from ControllerRevisions per kind, and a StatefulSet pod stuck on a revision
 * its template was already set back from.
 */
class StatefulSetRevisionsTest {

  private static final String NS = "db";

  private static StatefulSet ledger(String update, String current) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName("ledger")
        .withNamespace(NS)
        .withUid("sts-uid")
        .endMetadata()
        .withNewSpec()
        .withReplicas(3)
        .withServiceName("ledger")
        .withNewSelector()
        .withMatchLabels(Map.of("app", "ledger"))
        .endSelector()
        .withTemplate(ClusterObjects.template("ledger", "ledger:5.0"))
        .endSpec()
        .withNewStatus()
        .withReplicas(3)
        .withReadyReplicas(2)
        .withUpdateRevision(update)
        .withCurrentRevision(current)
        .endStatus()
        .build();
  }

  private static ControllerRevision revision(String name, long number) {
    return new ControllerRevisionBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withRevision(number)
        .build();
  }

  private static LiveEvidence revisions(ControllerRevision... revisions) {
    return new LiveEvidence(List.of(), List.of(), List.of(), List.of(revisions), Map.of());
  }

  private static Pod pod(String name, String hash, List<ContainerStatus> statuses) {
    Pod base =
        ClusterObjects.pod(
            ClusterObjects.replicaSet(
                ClusterObjects.deployment(NS, "ledger", 3), "x", "1", "ledger:5.0", 3, 2),
            "p",
            statuses);
    return new PodBuilder(base)
        .editMetadata()
        .withName(name)
        .withLabels(Map.of("app", "ledger", "controller-revision-hash", hash))
        .withOwnerReferences()
        .endMetadata()
        .build();
  }

  @Test
  void aStatefulSetCanRollBackToTheRevisionBeforeItsUpdateRevision() {
    WorkloadSnapshot s =
        ChangeEvidenceDetectorsTest.snapshot(
            ledger("ledger-7c9d", "ledger-7c9d"),
            List.of(),
            Map.of(),
            revisions(revision("ledger-5b8f", 1), revision("ledger-7c9d", 2)));

    WorkloadState.Rollback rollback = RevisionRollbacks.of(s);

    assertThat(rollback.feasible()).isTrue();
    assertThat(rollback.toRevision()).isEqualTo("1");
    assertThat(rollback.reason())
        .contains("ledger-5b8f", "kubectl rollout undo statefulset/ledger --to-revision=1");
  }

  @Test
  void aStatefulSetWithOnlyItsCurrentRevisionOrNoneReadCannotRollBack() {
    WorkloadSnapshot only =
        ChangeEvidenceDetectorsTest.snapshot(
            ledger("ledger-7c9d", "ledger-7c9d"),
            List.of(),
            Map.of(),
            revisions(revision("ledger-7c9d", 4)));
    WorkloadSnapshot none =
        ChangeEvidenceDetectorsTest.snapshot(
            ledger("ledger-7c9d", "ledger-7c9d"), List.of(), Map.of(), LiveEvidence.NONE);

    assertThat(RevisionRollbacks.of(only).feasible()).isFalse();
    assertThat(RevisionRollbacks.of(only).reason())
        .contains("only its current ControllerRevision (4)");
    assertThat(RevisionRollbacks.of(none).feasible()).isFalse();
  }

  @Test
  void aDaemonSetRollsBackFromItsNewestRevisionAndJobsNever() {
    DaemonSet agent =
        new DaemonSetBuilder()
            .withNewMetadata()
            .withName("node-agent")
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .withNewSelector()
            .withMatchLabels(Map.of("app", "node-agent"))
            .endSelector()
            .withTemplate(ClusterObjects.template("node-agent", "agent:2"))
            .endSpec()
            .build();
    WorkloadSnapshot ds =
        ChangeEvidenceDetectorsTest.snapshot(
            agent,
            List.of(),
            Map.of(),
            revisions(revision("node-agent-1", 1), revision("node-agent-3", 3)));
    WorkloadSnapshot job =
        ChangeEvidenceDetectorsTest.snapshot(
            new JobBuilder()
                .withNewMetadata()
                .withName("migrate")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withTemplate(ClusterObjects.template("migrate", "m:1"))
                .endSpec()
                .build(),
            List.of(),
            Map.of(),
            LiveEvidence.NONE);

    assertThat(WorkloadStates.of(ds).rollback().feasible()).isTrue();
    assertThat(WorkloadStates.of(ds).rollback().toRevision()).isEqualTo("1");
    assertThat(WorkloadStates.of(job).rollback().feasible()).isFalse();
  }

  @Test
  void namesThePodStuckOnTheRevisionTheTemplateWasSetBackFrom() {
    // given: revision ledger-9e1a (bad) was reverted to ledger-5b8f; ledger-2 still runs 9e1a and
    // crash-loops
    StatefulSet set = ledger("ledger-5b8f", "ledger-5b8f");
    List<Pod> pods =
        List.of(
            pod("ledger-0", "ledger-5b8f", ClusterObjects.runningReady()),
            pod("ledger-2", "ledger-9e1a", ClusterObjects.crashLooping(9, 1, "Error")));

    // when
    List<Finding> findings =
        new StuckStatefulSetPodDetector()
            .detect(ChangeEvidenceDetectorsTest.snapshot(set, pods, Map.of(), LiveEvidence.NONE));

    // then
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.ROLLOUT_STUCK);
              assertThat(f.resource()).isEqualTo("Pod/db/ledger-2");
              assertThat(f.attributes())
                  .containsEntry("stuck_revision", "ledger-9e1a")
                  .containsEntry("update_revision", "ledger-5b8f")
                  .containsEntry("restart_unsafe", "true");
              assertThat(f.message()).contains("delete pod ledger-2");
            });
  }

  @Test
  void aPodFailingOnTheUpdateRevisionOrAReadyPodOnAnOlderOneIsNotStuck() {
    // a normal rolling update: ledger-2 updated and fails (the new revision is bad), ledger-0 still
    // on the old one and Ready
    StatefulSet set = ledger("ledger-9e1a", "ledger-5b8f");
    List<Pod> pods =
        List.of(
            pod("ledger-0", "ledger-5b8f", ClusterObjects.runningReady()),
            pod("ledger-2", "ledger-9e1a", ClusterObjects.crashLooping(9, 1, "Error")));

    assertThat(
            new StuckStatefulSetPodDetector()
                .detect(
                    ChangeEvidenceDetectorsTest.snapshot(set, pods, Map.of(), LiveEvidence.NONE)))
        .isEmpty();
  }

  @Test
  void neverRollsBackToTheRevisionTheFailingPodsRunAfterARevert() {
    // given: 9e1a (revision 2) was bad and reverted; 5b8f is revision 3 now; ledger-2 still fails
    // on 9e1a
    StatefulSet set = ledger("ledger-5b8f", "ledger-5b8f");
    List<Pod> pods =
        List.of(
            pod("ledger-0", "ledger-5b8f", ClusterObjects.runningReady()),
            pod("ledger-2", "ledger-9e1a", ClusterObjects.crashLooping(9, 1, "Error")));
    WorkloadSnapshot s =
        ChangeEvidenceDetectorsTest.snapshot(
            set, pods, Map.of(), revisions(revision("ledger-9e1a", 2), revision("ledger-5b8f", 3)));

    // when
    WorkloadState.Rollback rollback = RevisionRollbacks.of(s);

    // then
    assertThat(rollback.feasible()).isFalse();
    assertThat(rollback.toRevision()).isNull();
    assertThat(rollback.reason()).contains("ledger-9e1a", "re-apply");
  }
}

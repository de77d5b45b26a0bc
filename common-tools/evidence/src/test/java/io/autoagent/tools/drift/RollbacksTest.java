package io.autoagent.tools.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.WorkloadState;
import io.autoagent.tools.drift.Rollbacks.Health;
import io.autoagent.tools.drift.Rollbacks.Previous;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RollbacksTest {

  private static final Optional<Previous> ARGO_OK =
      Optional.of(new Previous("3", Health.HEALTHY, "deployed 2 days ago"));
  private static final Optional<Previous> GIT_OK =
      Optional.of(new Previous("9f8e7d6", Health.UNKNOWN, null));
  private static final Optional<Previous> RS_OK =
      Optional.of(new Previous("4", Health.HEALTHY, "ReplicaSet checkout-7d9"));
  private static final Optional<Previous> RS_FAILED =
      Optional.of(new Previous("4", Health.FAILED, "0 of 3 pods ready"));

  @Test
  void prefersTheArgoCdHistoryEntryWhenArgoCdManagesTheServiceWithoutAutoSync() {
    WorkloadState.Rollback r = Rollbacks.assess(ARGO_OK, false, GIT_OK, RS_OK);

    assertThat(r.feasible()).isTrue();
    assertThat(r.toRevision()).isEqualTo("argocd-history/3");
    assertThat(r.reason()).contains("history entry 3");
  }

  @Test
  void pointsAtAGitRevertWhenAutoSyncWouldUndoARollback() {
    WorkloadState.Rollback r = Rollbacks.assess(ARGO_OK, true, GIT_OK, RS_OK);

    assertThat(r.feasible()).isTrue();
    assertThat(r.toRevision()).isEqualTo("git/9f8e7d6");
    assertThat(r.reason()).contains("auto-sync");
  }

  @Test
  void usesTheDeploymentRevisionWithoutArgoCd() {
    WorkloadState.Rollback r = Rollbacks.assess(Optional.empty(), false, GIT_OK, RS_OK);

    assertThat(r)
        .isEqualTo(
            new WorkloadState.Rollback(
                true, "4", "Roll the Deployment back to revision 4 (ReplicaSet checkout-7d9)."));
  }

  @Test
  void isNotFeasibleWhenThePreviousRevisionFailedToo() {
    WorkloadState.Rollback r =
        Rollbacks.assess(Optional.empty(), false, Optional.empty(), RS_FAILED);

    assertThat(r.feasible()).isFalse();
    assertThat(r.toRevision()).isNull();
    assertThat(r.reason())
        .contains("ReplicaSet revision 4 failed too")
        .contains("0 of 3 pods ready");
  }

  @Test
  void isNotFeasibleWhenNothingEarlierIsKnown() {
    WorkloadState.Rollback r =
        Rollbacks.assess(Optional.empty(), false, Optional.empty(), Optional.empty());

    assertThat(r.feasible()).isFalse();
    assertThat(r.reason()).contains("No previous revision");
  }
}

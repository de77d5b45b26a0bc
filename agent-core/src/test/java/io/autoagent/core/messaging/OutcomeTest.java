package io.autoagent.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.autoagent.core.RetriableException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OutcomeTest {

  @Test
  void doneWhenIsPlainDoneForAStageAlreadyCompleted() {
    assertThat(Outcome.doneWhen(CompletableFuture.completedFuture(null))).isSameAs(Outcome.done());
  }

  @Test
  void doneWhenDefersAStageStillRunning() {
    CompletableFuture<Void> running = new CompletableFuture<>();

    Outcome outcome = Outcome.doneWhen(running);

    assertThat(outcome.kind()).isEqualTo(Outcome.Kind.DEFERRED);
    assertThat(outcome.pending()).isSameAs(running);
  }

  @Test
  void doneWhenDefersAFailedStageSoThatTheRuntimeSettlesItsFailure() {
    CompletableFuture<Void> failed =
        CompletableFuture.failedFuture(new RetriableException("lane not confirming"));

    assertThat(Outcome.doneWhen(failed).kind()).isEqualTo(Outcome.Kind.DEFERRED);
  }

  @Test
  void doneWhenNamesAMissingStage() {
    assertThatNullPointerException()
        .isThrownBy(() -> Outcome.doneWhen(null))
        .withMessage("pending");
  }
}

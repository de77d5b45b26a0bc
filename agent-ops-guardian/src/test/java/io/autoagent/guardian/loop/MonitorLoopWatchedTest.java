package io.autoagent.guardian.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.guardian.signals.WorkloadRef;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What status replies read: {@link MonitorLoop#lastWatched()} answers from the last listing and
 * never asks the cluster, so a slow Kubernetes list cannot hold a status reply.
 */
class MonitorLoopWatchedTest {

  private final AtomicInteger listings = new AtomicInteger();
  private volatile List<WorkloadRef> inCluster = List.of(WorkloadRef.of("shop", "checkout"));
  private volatile boolean apiDown;

  private MonitorLoop loop() {
    return loop(Leadership.ALWAYS);
  }

  private MonitorLoop loop(Leadership leadership) {
    WorkloadSource source =
        () -> {
          listings.incrementAndGet();
          if (apiDown) {
            throw new IllegalStateException("the API server is down");
          }
          return inCluster;
        };
    // only the workload source is used by watched() and lastWatched()
    return new MonitorLoop(null, source, null, null, null, leadership, null, null, null, null);
  }

  @Test
  void lastWatchedIsEmptyUntilTheFirstListingAndNeverListsItself() {
    MonitorLoop loop = loop();

    assertThat(loop.lastWatched()).isEmpty();
    assertThat(listings.get()).isZero();
  }

  @Test
  void lastWatchedKeepsWhatTheLastListingSaw() {
    // given
    MonitorLoop loop = loop();
    loop.watched();

    // when the cluster changes but nobody lists again
    inCluster = List.of(WorkloadRef.of("bank", "ledger"));

    // then status still shows the last listing, without a call
    assertThat(loop.lastWatched()).containsExactly(WorkloadRef.of("shop", "checkout"));
    assertThat(listings.get()).isEqualTo(1);
    assertThat(loop.watched()).containsExactly(WorkloadRef.of("bank", "ledger"));
    assertThat(loop.lastWatched()).containsExactly(WorkloadRef.of("bank", "ledger"));
  }

  @Test
  void aFailedListingKeepsThePreviousList() {
    // given
    MonitorLoop loop = loop();
    loop.watched();

    // when the API fails
    apiDown = true;

    // then
    assertThat(loop.watched()).isEmpty();
    assertThat(loop.lastWatched()).containsExactly(WorkloadRef.of("shop", "checkout"));
  }

  @Test
  void aFollowerKeepsItsListCurrentThoughItDecidesNothing() {
    // given: a replica that is not the leader (status requests reach every replica)
    MonitorLoop loop = loop(FOLLOWER);
    loop.tick();
    assertThat(loop.lastWatched()).containsExactly(WorkloadRef.of("shop", "checkout"));

    // when the cluster changes and the next periodic cycle comes
    inCluster = List.of(WorkloadRef.of("bank", "ledger"));
    loop.tick();

    // then its status shows the new list
    assertThat(loop.lastWatched()).containsExactly(WorkloadRef.of("bank", "ledger"));
  }

  private static final Leadership FOLLOWER =
      new Leadership() {
        @Override
        public boolean isLeader() {
          return false;
        }

        @Override
        public String describe() {
          return "follower of replica-a";
        }
      };
}

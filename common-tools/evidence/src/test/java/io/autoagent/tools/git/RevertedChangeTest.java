package io.autoagent.tools.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Change;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A change already reverted is not the cause of a failure that outlives it. */
class RevertedChangeTest {

  private static final Instant STARTED = Instant.parse("2026-12-07T10:00:00Z");

  private static Alert alert() {
    return new Alert(
        "a-1",
        "c-1",
        "ledger",
        "core",
        Severity.HIGH,
        "CrashLoopBackOff",
        null,
        null,
        null,
        STARTED,
        null,
        null);
  }

  private static Finding crashLoop() {
    return new Finding(
        Category.CRASH_LOOP,
        Severity.HIGH,
        "Pod/core/ledger-0",
        "ledger-0 crash-loops",
        List.of(),
        Map.of(Finding.ATTR_CONTAINER, "app"));
  }

  private static Change change(String revision, String summary, Duration beforeFailure) {
    return new Change(
        "git", revision, "Ann", STARTED.minus(beforeFailure), summary, List.of("ledger.yaml"));
  }

  private static List<Finding> blamed(List<Change> changes) {
    return new ChangeCorrelator(Duration.ofHours(24), Clock.fixed(STARTED, ZoneOffset.UTC))
        .correlate(alert(), List.of(crashLoop()), changes);
  }

  @Test
  void anImageBumpSetBackByALaterCommitIsNotBlamed() {
    Change bad =
        change(
            "1111111111111111111111111111111111111111",
            "image app: ledger:5.0 -> ledger:5.1",
            Duration.ofMinutes(30));
    Change revert =
        change(
            "2222222222222222222222222222222222222222",
            "image app: ledger:5.1 -> ledger:5.0",
            Duration.ofMinutes(-5));

    assertThat(blamed(List.of(bad, revert))).isEmpty();
  }

  @Test
  void aRevertCommitNamingTheRevisionClearsIt() {
    Change bad =
        change(
            "3333333333333333333333333333333333333333",
            "image app: ledger:5.0 -> ledger:5.1",
            Duration.ofMinutes(30));
    Change revert =
        change(
            "4444444444444444444444444444444444444444",
            "Revert \"bump ledger\"; This reverts commit 3333333333333333333333333333333333333333.",
            Duration.ofMinutes(-2));

    assertThat(blamed(List.of(bad, revert))).isEmpty();
  }

  @Test
  void nearMissALaterChangeToAnotherImageLeavesTheBadChangeBlamed() {
    Change bad =
        change(
            "5555555555555555555555555555555555555555",
            "image app: ledger:5.0 -> ledger:5.1",
            Duration.ofMinutes(30));
    Change other =
        change(
            "6666666666666666666666666666666666666666",
            "image app: ledger:5.1 -> ledger:5.2",
            Duration.ofMinutes(-5));

    assertThat(blamed(List.of(bad, other)))
        .singleElement()
        .satisfies(
            f -> assertThat(f.attributes()).containsEntry(Finding.ATTR_COMMIT, bad.revision()));
  }

  @Test
  void aRevertSyncedBeforeTheFailureIsNotBlamedForWhatOutlivesTheBadChange() {
    // given: bad image 40 minutes before, reverted 20 minutes before a pod stuck on it alerted
    Change bad =
        change(
            "7777777777777777777777777777777777777777",
            "image app: ledger:5.0 -> ledger:5.1",
            Duration.ofMinutes(40));
    Change revert =
        change(
            "8888888888888888888888888888888888888888",
            "image app: ledger:5.1 -> ledger:5.0",
            Duration.ofMinutes(20));

    // then: neither is blamed (rolling back to before the revert would re-apply the bad image)
    assertThat(blamed(List.of(bad, revert))).isEmpty();
    assertThat(ChangeCorrelator.undoesEarlier(revert, List.of(bad, revert))).isTrue();
  }

  @Test
  void aRevertCommitMessageMarksTheRevertItself() {
    Change revert =
        change(
            "9999999999999999999999999999999999999999",
            "Revert \"bump ledger\"; This reverts commit 3333333333333333333333333333333333333333.",
            Duration.ofMinutes(20));

    assertThat(ChangeCorrelator.undoesEarlier(revert, List.of(revert))).isTrue();
  }

  @Test
  void nearMissALaterChangeToAThirdValueIsNoRevertAndIsBlamed() {
    Change bad =
        change(
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "image app: ledger:5.0 -> ledger:5.1",
            Duration.ofMinutes(40));
    Change newer =
        change(
            "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
            "image app: ledger:5.1 -> ledger:4.9",
            Duration.ofMinutes(20));

    assertThat(ChangeCorrelator.undoesEarlier(newer, List.of(bad, newer))).isFalse();
    assertThat(blamed(List.of(bad, newer)))
        .singleElement()
        .satisfies(
            f -> assertThat(f.attributes()).containsEntry(Finding.ATTR_COMMIT, newer.revision()));
  }
}

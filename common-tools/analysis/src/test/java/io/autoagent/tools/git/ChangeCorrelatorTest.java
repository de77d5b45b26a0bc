package io.autoagent.tools.git;

import static io.autoagent.tools.git.GitEvidenceSourceTest.STARTED;
import static io.autoagent.tools.git.GitEvidenceSourceTest.alert;
import static io.autoagent.tools.git.GitFixture.deployment;
import static io.autoagent.tools.git.GitFixture.env;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Change;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.RootCause;
import io.autoagent.tools.analysis.RulesAnalyzer;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.drift.LiveCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeCorrelatorTest {

  @TempDir Path tmp;

  private static Finding crashLoop() {
    return new Finding(
        Category.CRASH_LOOP,
        Severity.HIGH,
        "Pod/shop/checkout-5d8f-abcde",
        "Container app of pod checkout-5d8f-abcde restarted 6 times (exit code 1).",
        List.of("lastState.terminated.exitCode: 1"),
        Map.of(Finding.ATTR_CONTAINER, "app"));
  }

  private static Change gitChange(String summary, Duration beforeFailure) {
    return new Change(
        "git",
        "0123456789abcdef0123456789abcdef01234567",
        "Bob",
        STARTED.minus(beforeFailure),
        summary,
        List.of("checkout.yaml"));
  }

  private static ChangeCorrelator correlator() {
    return new ChangeCorrelator(Duration.ofHours(24), Clock.fixed(STARTED, ZoneOffset.UTC));
  }

  @Test
  void blamesABadImageChangeTenMinutesBeforeACrashLoopAndIgnoresAReadmeOnlyCommit()
      throws Exception {
    // given: a real repository where the image changed 10 minutes before the crash loop began,
    // and a README-only commit landed 2 minutes before it
    try (GitFixture repo = new GitFixture(tmp.resolve("repo"))) {
      RevCommit good =
          repo.write(
                  "checkout.yaml",
                  deployment("checkout", "shop/checkout:1.4", env("A", "1"), 2, "/ready"))
              .write("README.md", "# deploy\n")
              .commit("initial", "Alice", STARTED.minus(Duration.ofDays(2)));
      RevCommit bad =
          repo.write(
                  "checkout.yaml",
                  deployment("checkout", "shop/checkout:1.5", env("A", "1"), 2, "/ready"))
              .commit("checkout 1.5", "Bob", STARTED.minus(Duration.ofMinutes(10)));
      repo.write("README.md", "# deploy\nmore words\n")
          .commit("docs", "Carol", STARTED.minus(Duration.ofMinutes(2)));
      try (GitEvidenceSource git =
          new GitEvidenceSource(
              GitOptions.local(repo.dir), LiveCluster.NONE, Clock.fixed(STARTED, ZoneOffset.UTC))) {
        SourceReport gitReport = git.collect(alert("checkout"));
        SourceReport kube = SourceReport.ok("kubernetes", List.of(crashLoop()), List.of(), null);
        Evidence evidence = new Evidence(alert("checkout"), List.of(kube, gitReport));

        // when
        Evidence correlated = correlator().apply(evidence);

        // then
        assertThat(gitReport.changes()).extracting(Change::revision).containsExactly(bad.getName());
        Finding blame =
            correlated.findings().stream()
                .filter(f -> f.category() == Category.BAD_CHANGE)
                .findFirst()
                .orElseThrow();
        assertThat(blame.attributes())
            .containsEntry(Finding.ATTR_COMMIT, bad.getName())
            .containsEntry(Finding.ATTR_IMAGE, "shop/checkout:1.5")
            .containsEntry(Finding.ATTR_CONTAINER, "app")
            .containsEntry(Finding.ATTR_PREVIOUS_REVISION, good.getName());
        assertThat(blame.message())
            .contains(bad.getName().substring(0, 7))
            .contains("Bob")
            .contains("10 minute(s) before")
            .contains("image app: shop/checkout:1.4 -> shop/checkout:1.5");
        assertThat(blame.resource()).isEqualTo("Commit/" + bad.getName().substring(0, 7));
        assertThat(correlated.reports().get(1).findings()).contains(blame);
        RootCause verdict = new RulesAnalyzer().analyze(correlated);
        assertThat(verdict.category()).isEqualTo(Category.BAD_CHANGE);
      }
    }
  }

  @Test
  void doesNotBlameACommitThatTouchedOnlyOtherThings() {
    List<Finding> blamed =
        correlator()
            .correlate(
                alert("checkout"),
                List.of(crashLoop()),
                List.of(
                    gitChange("other: README.md", Duration.ofMinutes(5)),
                    gitChange("probes app: readiness changed", Duration.ofMinutes(3))));

    assertThat(blamed).isEmpty();
  }

  @Test
  void doesNotBlameAChangeMadeAfterTheFailureBeganOrOutsideTheWindow() {
    List<Finding> blamed =
        correlator()
            .correlate(
                alert("checkout"),
                List.of(crashLoop()),
                List.of(
                    gitChange("image app: a:1 -> a:2", Duration.ofMinutes(-5)),
                    gitChange("image app: a:0 -> a:1", Duration.ofHours(30))));

    assertThat(blamed).isEmpty();
  }

  @Test
  void needsAFailureNotJustAConfigurationReview() {
    Finding review =
        new Finding(
            Category.IMAGE_PULL,
            Severity.LOW,
            "Deployment/shop/checkout",
            "uses :latest",
            List.of());

    assertThat(
            correlator()
                .correlate(
                    alert("checkout"),
                    List.of(review),
                    List.of(gitChange("image app: a:1 -> a:2", Duration.ofMinutes(5)))))
        .isEmpty();
  }

  @Test
  void blamesAProbeChangeForProbeFailuresAndNamesTheNewestMatchingChange() {
    Finding probe =
        new Finding(
            Category.PROBE_FAILURE,
            Severity.MEDIUM,
            "Pod/shop/checkout-1",
            "Readiness probe failed",
            List.of(),
            Map.of(Finding.ATTR_CONTAINER, "app"));
    Change older =
        new Change(
            "git",
            "1111111aaaa",
            "Ann",
            STARTED.minus(Duration.ofHours(2)),
            "probes app: readiness changed",
            List.of());
    Change newer =
        new Change(
            "git",
            "2222222bbbb",
            "Ben",
            STARTED.minus(Duration.ofMinutes(30)),
            "probes app: liveness, readiness changed",
            List.of());

    List<Finding> blamed =
        correlator().correlate(alert("checkout"), List.of(probe), List.of(older, newer));

    assertThat(blamed)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.attributes())
                  .containsEntry(Finding.ATTR_COMMIT, "2222222bbbb")
                  .doesNotContainKey(Finding.ATTR_PREVIOUS_REVISION);
              assertThat(f.severity()).isEqualTo(Severity.HIGH);
            });
  }

  @Test
  void blamesAnEnvironmentChangeForAnErrorRateAlertWithoutKubernetesFindings() {
    Alert errorRate =
        new Alert(
            "a-2",
            "c-2",
            "checkout",
            "shop",
            Severity.HIGH,
            "HighErrorRate",
            null,
            null,
            null,
            STARTED,
            Map.of("error_rate", 4.2),
            null);

    List<Finding> blamed =
        correlator()
            .correlate(
                errorRate,
                List.of(),
                List.of(gitChange("env app: changed PAYMENT_URL", Duration.ofMinutes(20))));

    assertThat(blamed)
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("HighErrorRate"));
  }

  @Test
  void leavesEvidenceUntouchedWhenNothingLinesUp() {
    Evidence evidence =
        new Evidence(
            alert("checkout"),
            List.of(
                SourceReport.ok("kubernetes", List.of(crashLoop()), List.of(), null),
                SourceReport.ok(
                    "git",
                    List.of(),
                    List.of(gitChange("other: README.md", Duration.ofMinutes(5))),
                    null)));

    assertThat(correlator().apply(evidence)).isSameAs(evidence);
  }
}

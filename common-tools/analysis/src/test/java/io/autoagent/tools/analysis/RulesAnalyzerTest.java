package io.autoagent.tools.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RulesAnalyzerTest {

  private final RulesAnalyzer analyzer = new RulesAnalyzer();
  private static final Alert ALERT =
      new Alert(
          "a-1",
          "c-1",
          "payments",
          "prod",
          Severity.CRITICAL,
          null,
          null,
          null,
          null,
          null,
          null,
          null);
  private static final WorkloadState AVAILABLE =
      new WorkloadState(
          "Deployment",
          "payments",
          3,
          3,
          3,
          3,
          Map.of("app", "payments:v2"),
          "2",
          "complete",
          null);
  private static final WorkloadState DEGRADED =
      new WorkloadState(
          "Deployment",
          "payments",
          3,
          1,
          1,
          3,
          Map.of("app", "payments:v2"),
          "2",
          "progressing",
          null);

  private static Finding finding(Category category, Severity severity, String resource) {
    return new Finding(
        category, severity, resource, category + " on " + resource, List.of("evidence"));
  }

  private static Evidence evidence(WorkloadState workload, Finding... findings) {
    return new Evidence(
        ALERT, List.of(SourceReport.ok("kubernetes", List.of(findings), List.of(), workload)));
  }

  @Test
  void keepsItsName() {
    assertThat(analyzer.name()).isEqualTo("rules");
  }

  @Test
  void answersUnknownWithNoConfidenceWhenNoSourceHadEvidence() {
    // given the kubernetes source was unavailable
    Evidence evidence =
        new Evidence(ALERT, List.of(SourceReport.unavailable("kubernetes", "down")));

    // when
    RootCause cause = analyzer.analyze(evidence);

    // then
    assertThat(cause.category()).isEqualTo(Category.UNKNOWN);
    assertThat(cause.confidence()).isZero();
  }

  @Test
  void ranksABadChangeAboveTheCrashLoopItExplains() {
    // given a crash loop and a git change that lines up with it
    Evidence evidence =
        new Evidence(
            ALERT,
            List.of(
                SourceReport.ok(
                    "kubernetes",
                    List.of(finding(Category.CRASH_LOOP, Severity.HIGH, "Pod/prod/payments-1")),
                    List.of(),
                    DEGRADED),
                SourceReport.ok(
                    "git",
                    List.of(finding(Category.BAD_CHANGE, Severity.MEDIUM, "Commit/abc123")),
                    List.of(),
                    null)));

    // then
    RootCause cause = analyzer.analyze(evidence);
    assertThat(cause.category()).isEqualTo(Category.BAD_CHANGE);
    assertThat(cause.summary()).contains("Also seen: CRASH_LOOP (1)");
  }

  @Test
  void ranksAnOomKillAboveTheStuckRolloutItCauses() {
    RootCause cause =
        analyzer.analyze(
            evidence(
                DEGRADED,
                finding(Category.ROLLOUT_STUCK, Severity.HIGH, "Deployment/prod/payments"),
                finding(Category.OOM_KILLED, Severity.HIGH, "Pod/prod/payments-1")));

    assertThat(cause.category()).isEqualTo(Category.OOM_KILLED);
    assertThat(cause.confidence()).isBetween(0.8, 0.9);
  }

  @Test
  void ranksTheSameFindingsTheSameWayWhateverTheirOrder() {
    // given many findings in random orders
    List<Finding> findings =
        new ArrayList<>(
            List.of(
                finding(Category.PROBE_FAILURE, Severity.MEDIUM, "Pod/prod/payments-2"),
                finding(Category.CRASH_LOOP, Severity.HIGH, "Pod/prod/payments-3"),
                finding(Category.CRASH_LOOP, Severity.HIGH, "Pod/prod/payments-1"),
                finding(Category.NODE_PRESSURE, Severity.MEDIUM, "Node/node-1"),
                finding(Category.UNKNOWN, Severity.MEDIUM, "Deployment/prod/payments")));
    RootCause first = analyzer.analyze(evidence(DEGRADED, findings.toArray(Finding[]::new)));

    for (int seed = 0; seed < 5; seed++) {
      Collections.shuffle(findings, new Random(seed));
      // then
      assertThat(analyzer.analyze(evidence(DEGRADED, findings.toArray(Finding[]::new))))
          .isEqualTo(first);
    }
    assertThat(first.category()).isEqualTo(Category.CRASH_LOOP);
    assertThat(first.summary()).startsWith("CRASH_LOOP on Pod/prod/payments-1");
  }

  @Test
  void callsAFullyAvailableWorkloadWithOnlyConfigurationReviewHealthy() {
    // given only low-severity review findings
    RootCause cause =
        analyzer.analyze(
            evidence(
                AVAILABLE,
                finding(Category.IMAGE_PULL, Severity.LOW, "Deployment/prod/payments"),
                finding(Category.PROBE_FAILURE, Severity.INFO, "Deployment/prod/payments")));

    assertThat(cause.category()).isEqualTo(Category.HEALTHY);
    assertThat(cause.summary()).contains("3 of 3 replicas available");
  }

  @Test
  void neverMakesConfigurationReviewTheRootCauseOfAnUnavailableWorkload() {
    RootCause cause =
        analyzer.analyze(
            evidence(
                DEGRADED, finding(Category.IMAGE_PULL, Severity.LOW, "Deployment/prod/payments")));

    assertThat(cause.category()).isEqualTo(Category.UNKNOWN);
    assertThat(cause.summary()).contains("1 of 3 replicas available");
  }

  @Test
  void doesNotCallAServiceWithRecentWarningEventsHealthy() {
    RootCause cause =
        analyzer.analyze(
            evidence(
                AVAILABLE, finding(Category.UNKNOWN, Severity.MEDIUM, "Deployment/prod/payments")));

    assertThat(cause.category()).isEqualTo(Category.UNKNOWN);
    assertThat(cause.confidence()).isGreaterThan(0);
  }

  @Test
  void ignoresFindingsAboutPodsOfAnotherNamespace() {
    RootCause cause =
        analyzer.analyze(
            evidence(
                AVAILABLE, finding(Category.CRASH_LOOP, Severity.HIGH, "Pod/staging/payments-1")));

    assertThat(cause.category()).isEqualTo(Category.HEALTHY);
  }

  @Test
  void lowersConfidenceWhenAnotherSourceWasUnavailable() {
    Finding crash = finding(Category.CRASH_LOOP, Severity.HIGH, "Pod/prod/payments-1");
    RootCause complete = analyzer.analyze(evidence(DEGRADED, crash));
    RootCause partial =
        analyzer.analyze(
            new Evidence(
                ALERT,
                List.of(
                    SourceReport.ok("kubernetes", List.of(crash), List.of(), DEGRADED),
                    SourceReport.unavailable("argocd", "connection refused"))));

    assertThat(partial.category()).isEqualTo(Category.CRASH_LOOP);
    assertThat(partial.confidence()).isLessThan(complete.confidence());
  }
}

package io.autoagent.tools.analysis.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.RulesAnalyzer;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BundleBuilderTest {

  private static Evidence noisy() {
    String[] logs =
        IntStream.range(0, 300)
            .mapToObj(i -> "DEBUG request " + i + " took " + i + " ms " + "x".repeat(80))
            .toArray(String[]::new);
    return Incidents.crashLoop("a-1", logs);
  }

  @Test
  void keepsEverythingThatFits() {
    Evidence evidence = Incidents.crashLoop("a-1");
    BundleBuilder.Built built =
        new BundleBuilder(100_000)
            .build(
                evidence,
                new RulesAnalyzer().analyze(evidence),
                Incidents.candidates(),
                UnaryOperator.identity());
    assertThat(built.fits()).isTrue();
    assertThat(built.bundle().trimmed).isNull();
    assertThat(built.bundle().findings).hasSize(2);
    assertThat(built.bundle().changes).hasSize(1);
  }

  @Test
  void trimsLowSeverityEvidenceAndOldLogLinesBeforeAnyHighSeverityFinding() {
    // given
    Evidence evidence = noisy();
    // when
    BundleBuilder.Built built =
        new BundleBuilder(800)
            .build(
                evidence,
                new RulesAnalyzer().analyze(evidence),
                Incidents.candidates(),
                UnaryOperator.identity());
    // then
    assertThat(built.fits()).isTrue();
    assertThat(built.bundle().trimmed).isTrue();
    EvidenceBundle.FindingEntry crash = built.bundle().findings.getFirst();
    assertThat(crash.category()).isEqualTo("CRASH_LOOP");
    assertThat(crash.evidence().getLast()).contains("FATAL cannot start without database");
    assertThat(crash.evidence())
        .anyMatch(l -> l.contains("older lines omitted") || l.contains("lines omitted"));
    assertThat(built.json()).doesNotContain("DEBUG request 10 ");
    assertThat(built.bundle().candidateRunbooks).hasSize(2);
  }

  @Test
  void reportsThatNothingFitsATinyLimit() {
    Evidence evidence = noisy();
    BundleBuilder.Built built =
        new BundleBuilder(50)
            .build(
                evidence,
                new RulesAnalyzer().analyze(evidence),
                Incidents.candidates(),
                UnaryOperator.identity());
    assertThat(built.fits()).isFalse();
  }

  @Test
  void hashesTheSameEvidenceUnderDifferentAlertIdsAlike() {
    Evidence a = Incidents.crashLoop("a-1");
    Evidence b = Incidents.crashLoop("a-2");
    RulesAnalyzer rules = new RulesAnalyzer();
    String ja =
        new BundleBuilder(100_000)
            .build(a, rules.analyze(a), Incidents.candidates(), UnaryOperator.identity())
            .json();
    String jb =
        new BundleBuilder(100_000)
            .build(b, rules.analyze(b), Incidents.candidates(), UnaryOperator.identity())
            .json();
    assertThat(EvidenceBundle.hash(ja)).isEqualTo(EvidenceBundle.hash(jb));
  }
}

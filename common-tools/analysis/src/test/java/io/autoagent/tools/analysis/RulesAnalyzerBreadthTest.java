package io.autoagent.tools.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ranking of the contract 1.1 categories against the causes and symptoms they compete with. */
class RulesAnalyzerBreadthTest {

  private final RulesAnalyzer analyzer = new RulesAnalyzer();

  private static Evidence evidence(Finding... findings) {
    Alert alert =
        new Alert(
            "a-1",
            "c-1",
            "search",
            "shop",
            Severity.HIGH,
            null,
            null,
            null,
            null,
            Instant.parse("2026-12-07T10:00:00Z"),
            null,
            null);
    return new Evidence(
        alert, List.of(SourceReport.ok("kubernetes", List.of(findings), List.of(), null)));
  }

  private static Finding finding(
      Category category, String resource, Map<String, String> attributes) {
    return new Finding(
        category, Severity.HIGH, resource, category + " on " + resource, List.of(), attributes);
  }

  private static Finding drift(String fields) {
    return new Finding(
        Category.CONFIG_DRIFT,
        Severity.MEDIUM,
        "Deployment/shop/search",
        "drift",
        List.of(),
        Map.of(RulesAnalyzer.DRIFTED_FIELDS, fields));
  }

  @Test
  void aWorkloadAtZeroIsScaledToZeroUnlessGitDeclaresItsReplicas() {
    Finding zero = finding(Category.SCALED_TO_ZERO, "Deployment/shop/search", Map.of());

    assertThat(analyzer.analyze(evidence(zero)).category()).isEqualTo(Category.SCALED_TO_ZERO);
    assertThat(analyzer.analyze(evidence(zero, drift("image,replicas"))).category())
        .isEqualTo(Category.CONFIG_DRIFT);
    // near miss: drift in another field does not explain zero replicas
    assertThat(analyzer.analyze(evidence(zero, drift("image"))).category())
        .isEqualTo(Category.SCALED_TO_ZERO);
  }

  @Test
  void admissionStorageAndDependencyCausesRankAboveTheSymptomsTheyProduce() {
    assertThat(
            analyzer
                .analyze(
                    evidence(
                        finding(Category.ROLLOUT_STUCK, "Deployment/shop/search", Map.of()),
                        finding(Category.ADMISSION_DENIED, "ReplicaSet/shop/search-1", Map.of())))
                .category())
        .isEqualTo(Category.ADMISSION_DENIED);
    assertThat(
            analyzer
                .analyze(
                    evidence(
                        finding(Category.UNSCHEDULABLE, "Pod/shop/search-2", Map.of()),
                        finding(
                            Category.STORAGE,
                            "PersistentVolumeClaim/shop/data-search-2",
                            Map.of())))
                .category())
        .isEqualTo(Category.STORAGE);
    assertThat(
            analyzer
                .analyze(
                    evidence(
                        finding(Category.CRASH_LOOP, "Pod/shop/search-1", Map.of()),
                        finding(Category.DEPENDENCY_FAILURE, "Pod/shop/search-1", Map.of())))
                .category())
        .isEqualTo(Category.DEPENDENCY_FAILURE);
    assertThat(
            analyzer
                .analyze(
                    evidence(
                        finding(Category.DEPENDENCY_FAILURE, "Pod/shop/search-1", Map.of()),
                        finding(Category.CERTIFICATE, "Pod/shop/search-1", Map.of())))
                .category())
        .isEqualTo(Category.CERTIFICATE);
  }

  @Test
  void aStorageFindingAboutAClaimInAnotherNamespaceIsIgnored() {
    assertThat(
            analyzer
                .analyze(
                    evidence(
                        finding(Category.STORAGE, "PersistentVolumeClaim/other/data-0", Map.of()),
                        finding(Category.CRASH_LOOP, "Pod/shop/search-1", Map.of())))
                .category())
        .isEqualTo(Category.CRASH_LOOP);
  }
}

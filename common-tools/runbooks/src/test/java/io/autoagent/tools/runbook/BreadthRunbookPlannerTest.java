package io.autoagent.tools.runbook;

import static io.autoagent.tools.runbook.Incidents.alert;
import static io.autoagent.tools.runbook.Incidents.cause;
import static io.autoagent.tools.runbook.Incidents.evidence;
import static io.autoagent.tools.runbook.Incidents.finding;
import static io.autoagent.tools.runbook.Incidents.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.Recommendation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shipped runbooks for the contract 1.1 categories, and restarts that a probe or a dependency
 * would undo.
 */
class BreadthRunbookPlannerTest {

  private static RunbookLibrary library;
  private static LibraryRunbookPlanner planner;

  @BeforeAll
  static void load() {
    library = RunbookLibrary.builder().directory(Incidents.SHIPPED).watchDirectory(false).build();
    planner = new LibraryRunbookPlanner(library);
  }

  @AfterAll
  static void close() {
    library.close();
  }

  private static List<String> ids(Category category, String reason, Map<String, String> attrs) {
    Evidence ev =
        evidence(
            alert(reason, "alert"),
            List.of(finding(category, "finding", attrs)),
            List.of(),
            workload(3, "7", null));
    return planner.recommend(ev, cause(category, "cause")).stream()
        .map(Recommendation::runbookId)
        .toList();
  }

  @ParameterizedTest
  @EnumSource(
      value = Category.class,
      names = {"NETWORK", "STORAGE", "ADMISSION_DENIED", "DEPENDENCY_FAILURE", "CERTIFICATE"})
  void theNewCausesGetGuidanceAndNeverARestartOrRollback(Category category) {
    List<String> ids = ids(category, "KubeDeploymentRolloutStuck", Map.of());

    assertThat(ids).first().isEqualTo("investigate-manually");
    assertThat(ids).doesNotContain("restart-crashlooping-pods", "rollback-deployment");
  }

  @Test
  void aDeploymentAtZeroIsScaledBackToItsDeclaredCount() {
    Evidence ev =
        evidence(
            alert("KubeDeploymentReplicasMismatch", "no pods"),
            List.of(
                finding(
                    Category.SCALED_TO_ZERO,
                    "scaled to 0",
                    Map.of("declared_replicas", "3", "scaled_to_zero", "true"))),
            List.of(),
            workload(0, "7", null));

    List<Recommendation> recs =
        planner.recommend(ev, cause(Category.SCALED_TO_ZERO, "scaled to 0"));

    assertThat(recs)
        .first()
        .satisfies(
            r -> {
              assertThat(r.runbookId()).isEqualTo("scale-from-zero");
              assertThat(r.parameters())
                  .containsEntry("target_replicas", 3L)
                  .containsEntry("current_replicas", 0L);
              assertThat(r.automatable()).isTrue();
            });
  }

  @Test
  void aSuspendedCronJobIsResumedFirst() {
    List<String> ids =
        ids(
            Category.SCALED_TO_ZERO,
            "KubeCronJobSuspended",
            Map.of("suspended", "true", "cronjob", "nightly", "scaled_to_zero", "true"));

    assertThat(ids).first().isEqualTo("resume-cronjob");
  }

  @Test
  void neverRestartsPodsItsLivenessProbeKillsAgain() {
    List<String> killed =
        ids(
            Category.PROBE_FAILURE,
            "CrashLoopBackOff",
            Map.of("killed_by", "liveness_probe", "restart_unsafe", "true"));
    List<String> plain = ids(Category.PROBE_FAILURE, "CrashLoopBackOff", Map.of());

    assertThat(killed).doesNotContain("restart-crashlooping-pods");
    assertThat(plain).first().isEqualTo("restart-crashlooping-pods");
  }
}

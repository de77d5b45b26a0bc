package io.autoagent.tools.runbook;

import static io.autoagent.tools.runbook.Incidents.alert;
import static io.autoagent.tools.runbook.Incidents.cause;
import static io.autoagent.tools.runbook.Incidents.evidence;
import static io.autoagent.tools.runbook.Incidents.finding;
import static io.autoagent.tools.runbook.Incidents.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Change;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Recommendation;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.WorkloadState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LibraryRunbookPlannerTest {

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

  @ParameterizedTest(name = "{0} -> {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      CRASH_LOOP          | CrashLoopBackOff           | Back-off restarting failed container app, exit code 1 | restart-crashlooping-pods
      OOM_KILLED          | CrashLoopBackOff           | Container app was OOMKilled, exit code 137           | increase-memory-limit
      IMAGE_PULL          | ImagePullBackOff           | Failed to pull image registry.example/payments:v3     | fix-image-reference
      CONFIG_ERROR        | CreateContainerConfigError | configmap "payments-config" not found                | recreate-missing-config
      UNSCHEDULABLE       | FailedScheduling           | 0/3 nodes are available: insufficient memory         | investigate-manually
      NODE_PRESSURE       | NodeNotReady               | Node worker-2 has MemoryPressure                      | cordon-and-drain-node
      PROBE_FAILURE       | Unhealthy                  | Liveness probe failed: HTTP probe failed with 500     | restart-crashlooping-pods
      ROLLOUT_STUCK       | ProgressDeadlineExceeded   | Deployment payments exceeded its progress deadline    | rollback-deployment
      BAD_CHANGE          | HighErrorRate              | Errors started after deploy of commit abc123          | rollback-deployment
      CONFIG_DRIFT        | ConfigDrift                | Live replicas differ from git                         | sync-argocd-application
      SYNC_FAILED         | SyncFailed                 | Argo CD application payments failed to sync           | sync-argocd-application
      QUOTA_EXCEEDED      | FailedCreate               | exceeded quota: compute, requested: requests.memory   | raise-quota-or-reduce-requests
      RESOURCE_SATURATION | CPUThrottlingHigh          | CPU throttled at 95% of limit under load              | scale-deployment
      HEALTHY             | Probe                      | Nothing wrong found                                   | investigate-manually
      UNKNOWN             |                            | Evidence is inconclusive                              | investigate-manually
      """)
  void ranksTheExpectedRunbookFirstForEveryCategory(
      Category category, String reason, String text, String expected) {
    Evidence ev =
        evidence(alert(reason, text), List.of(finding(category, text, Map.of())), List.of(), null);

    List<Recommendation> recs = planner.recommend(ev, cause(category, text));

    assertThat(recs).first().extracting(Recommendation::runbookId).isEqualTo(expected);
  }

  @Test
  void neverRecommendsARestartForAnOomKill() {
    // given pods that are OOM-killed and, as a consequence, in CrashLoopBackOff
    Evidence ev =
        evidence(
            alert("CrashLoopBackOff", "payments restarting, OOMKilled"),
            List.of(
                finding(
                    Category.OOM_KILLED,
                    "Container app was OOMKilled",
                    Map.of(Finding.ATTR_CONTAINER, "app", Finding.ATTR_MEMORY_LIMIT, "512Mi"))),
            List.of(),
            workload(3, "7", null));

    List<Recommendation> recs = planner.recommend(ev, cause(Category.OOM_KILLED, "OOMKilled"));

    assertThat(recs)
        .extracting(Recommendation::runbookId)
        .startsWith("increase-memory-limit")
        .doesNotContain("restart-crashlooping-pods");
  }

  @Test
  void sizesTheMemoryLimitFromThePeakWithHeadroom() {
    Recommendation r =
        oomRecommendation(
            Map.of(
                Finding.ATTR_CONTAINER,
                "app",
                Finding.ATTR_MEMORY_LIMIT,
                "512Mi",
                Finding.ATTR_MEMORY_PEAK,
                "600Mi"));

    assertThat(r.automatable()).isTrue();
    assertThat(r.parameters())
        .containsEntry("current_memory_limit", "512Mi")
        .containsEntry("new_memory_limit", "750Mi")
        .containsEntry("container", "app")
        .containsEntry("namespace", "prod")
        .containsEntry("deployment", "payments");
    assertThat(r.reason()).contains("observed peak 600Mi +25%");
  }

  @Test
  void raisesTheMemoryLimitByAPercentageWithoutAPeak() {
    Recommendation r =
        oomRecommendation(
            Map.of(Finding.ATTR_CONTAINER, "app", Finding.ATTR_MEMORY_LIMIT, "512Mi"));

    assertThat(r.parameters()).containsEntry("new_memory_limit", "768Mi");
  }

  @Test
  void capsTheMemoryLimitAtTheCeiling() {
    Recommendation r =
        oomRecommendation(Map.of(Finding.ATTR_CONTAINER, "app", Finding.ATTR_MEMORY_LIMIT, "3Gi"));

    assertThat(r.parameters()).containsEntry("new_memory_limit", "4096Mi");
    assertThat(r.reason()).contains("capped at the ceiling 4Gi");
  }

  @Test
  void isNotAutomatableWhenTheLimitIsAlreadyAtTheCeiling() {
    Recommendation r =
        oomRecommendation(Map.of(Finding.ATTR_CONTAINER, "app", Finding.ATTR_MEMORY_LIMIT, "4Gi"));

    assertThat(r.automatable()).isFalse();
    assertThat(r.reason())
        .contains("required parameter 'new_memory_limit' could not be resolved")
        .contains("already at the ceiling");
  }

  @Test
  void namesTheParameterItCannotResolve() {
    // given an OOM kill whose finding does not say the current limit
    Recommendation r = oomRecommendation(Map.of(Finding.ATTR_CONTAINER, "app"));

    assertThat(r.runbookId()).isEqualTo("increase-memory-limit");
    assertThat(r.automatable()).isFalse();
    assertThat(r.reason())
        .contains("required parameter 'current_memory_limit' could not be resolved")
        .contains("no finding carries 'memory_limit'");
    assertThat(r.parameters()).doesNotContainKey("current_memory_limit");
  }

  @Test
  void prefersARollbackWhenTheNewRevisionCrashesWhileThePreviousOneStillServes() {
    Map<String, String> attrs =
        Map.of("revision", "8", "revision_current", "true", "previous_revision_ready", "true");
    Evidence ev =
        evidence(
            alert("CrashLoopBackOff", "checkout restarting"),
            List.of(finding(Category.CRASH_LOOP, "checkout exits with 139 at start", attrs)),
            List.of(),
            workload(
                3, "8", new WorkloadState.Rollback(true, "7", "revision 7 has 2/2 pods ready")));

    Recommendation first =
        planner.recommend(ev, cause(Category.CRASH_LOOP, "crash loop")).getFirst();

    assertThat(first.runbookId()).isEqualTo("rollback-deployment");
    assertThat(first.reason()).contains("preferred because root_cause=CRASH_LOOP");
  }

  @Test
  void restartsRatherThanRollsBackWhenTheRevisionThatBrokeHasRunForAWhile() {
    // near miss: the previous revision no longer serves, so nothing says the new one is to blame
    Map<String, String> attrs =
        Map.of("revision", "8", "revision_current", "true", "previous_revision_ready", "false");
    Evidence ev =
        evidence(
            alert("CrashLoopBackOff", "checkout restarting"),
            List.of(finding(Category.CRASH_LOOP, "checkout cannot reach its database", attrs)),
            List.of(),
            workload(3, "8", new WorkloadState.Rollback(true, "7", "revision 7 is kept")));

    assertThat(
            planner.recommend(ev, cause(Category.CRASH_LOOP, "crash loop")).getFirst().runbookId())
        .isEqualTo("restart-crashlooping-pods");
  }

  @Test
  void neverRepointsTheImageWhenTheRegistryRefusesTheCredentials() {
    Evidence ev =
        evidence(
            alert("ImagePullBackOff", "cannot pull"),
            List.of(
                finding(
                    Category.IMAGE_PULL,
                    "401 Unauthorized from the registry",
                    Map.of("pull_failure", "auth"))),
            List.of(),
            workload(2, "5", new WorkloadState.Rollback(true, "4", "revision 4 kept")));

    List<Recommendation> recs = planner.recommend(ev, cause(Category.IMAGE_PULL, "pull refused"));

    assertThat(recs)
        .extracting(Recommendation::runbookId)
        .doesNotContain("fix-image-reference", "rollback-deployment")
        .startsWith("investigate-manually");
  }

  @Test
  void takesThePreviousRevisionFromTheRollbackAssessment() {
    Evidence ev =
        evidence(
            alert("ProgressDeadlineExceeded", "rollout stuck"),
            List.of(finding(Category.ROLLOUT_STUCK, "exceeded its progress deadline", Map.of())),
            List.of(),
            workload(3, "8", new WorkloadState.Rollback(true, "7", "revision 7 was healthy")));

    Recommendation r = planner.recommend(ev, cause(Category.ROLLOUT_STUCK, "stuck")).getFirst();

    assertThat(r.runbookId()).isEqualTo("rollback-deployment");
    assertThat(r.automatable()).isTrue();
    assertThat(r.parameters()).containsEntry("previous_revision", 7L);
    assertThat(r.risk()).isEqualTo("medium");
  }

  @Test
  void saysWhyARollbackIsNotAutomatableWhenItIsNotFeasible() {
    Evidence ev =
        evidence(
            alert("ProgressDeadlineExceeded", "rollout stuck"),
            List.of(finding(Category.ROLLOUT_STUCK, "exceeded its progress deadline", Map.of())),
            List.of(),
            workload(3, "1", new WorkloadState.Rollback(false, null, "only one revision exists")));

    Recommendation r = planner.recommend(ev, cause(Category.ROLLOUT_STUCK, "stuck")).getFirst();

    assertThat(r.automatable()).isFalse();
    assertThat(r.reason()).contains("'previous_revision'").contains("only one revision exists");
  }

  @Test
  void restoresThePreviousImageFromTheChangeHistory() {
    Evidence ev =
        evidence(
            alert("ImagePullBackOff", "cannot pull"),
            List.of(
                finding(
                    Category.IMAGE_PULL,
                    "Failed to pull image",
                    Map.of(
                        Finding.ATTR_CONTAINER,
                        "app",
                        Finding.ATTR_IMAGE,
                        "registry.example/payments:v3"))),
            List.of(
                new Change(
                    "kubernetes",
                    "9",
                    null,
                    null,
                    "image app: registry.example/payments:v2 -> registry.example/payments:v3",
                    null)),
            workload(3, "9", null));

    Recommendation r = planner.recommend(ev, cause(Category.IMAGE_PULL, "pull fails")).getFirst();

    assertThat(r.runbookId()).isEqualTo("fix-image-reference");
    assertThat(r.automatable()).isTrue();
    assertThat(r.parameters())
        .containsEntry("good_image", "registry.example/payments:v2")
        .containsEntry("bad_image", "registry.example/payments:v3");
  }

  @Test
  void scalesOutWithinTheMaximum() {
    Evidence ev =
        evidence(
            alert("CPUThrottlingHigh", "throttled"),
            List.of(finding(Category.RESOURCE_SATURATION, "CPU throttled", Map.of())),
            List.of(),
            workload(4, "3", null));

    Recommendation r =
        planner.recommend(ev, cause(Category.RESOURCE_SATURATION, "saturated")).getFirst();

    assertThat(r.parameters())
        .containsEntry("current_replicas", 4L)
        .containsEntry("target_replicas", 6L);
  }

  @Test
  void drainingANodeNeedsApproval() {
    Evidence ev =
        evidence(
            alert("NodeNotReady", "node down"),
            List.of(
                finding(
                    Category.NODE_PRESSURE,
                    "Node worker-2 NotReady",
                    Map.of(Finding.ATTR_NODE, "worker-2"))),
            List.of(),
            null);

    Recommendation r = planner.recommend(ev, cause(Category.NODE_PRESSURE, "node")).getFirst();

    assertThat(r.risk()).isEqualTo("high");
    assertThat(r.automatable()).isTrue();
    assertThat(r.parameters())
        .containsEntry("node", "worker-2")
        .containsEntry("deployment", "payments");
    assertThat(r.reason()).contains("Needs approval");
  }

  @Test
  void recommendsInvestigatingManuallyWhenTheLibraryIsEmpty() {
    LibraryRunbookPlanner empty =
        new LibraryRunbookPlanner(() -> new RunbookSnapshot(List.of(), List.of(), 0), 3);
    Evidence ev = evidence(alert("CrashLoopBackOff", "x"), List.of(), List.of(), null);

    List<Recommendation> recs = empty.recommend(ev, cause(Category.CRASH_LOOP, "x"));

    assertThat(recs)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.runbookId()).isEqualTo("investigate-manually");
              assertThat(r.automatable()).isFalse();
            });
  }

  @Test
  void appliesLabelRestrictionsToEveryAlertEvenWhenTheSameSearchIsServedAgain(@TempDir Path dir)
      throws Exception {
    // given the shipped library plus a restart runbook only for alerts labelled team=payments
    try (var files = Files.list(Incidents.SHIPPED)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    String shipped = Files.readString(dir.resolve("restart-crashlooping-pods.yaml"));
    Files.writeString(
        dir.resolve("restart-payments-team.yaml"),
        shipped
            .replace("id: restart-crashlooping-pods", "id: restart-payments-team")
            .replaceFirst("matches:\n", "matches:\n  labels: {team: payments}\n"));
    try (RunbookLibrary restricted =
        RunbookLibrary.builder().directory(dir).watchDirectory(false).build()) {
      LibraryRunbookPlanner labelled = new LibraryRunbookPlanner(restricted);
      assertThat(restricted.find("restart-payments-team")).isPresent();

      // when the same incident is planned for three alerts that differ only in their labels
      List<List<String>> ids = new java.util.ArrayList<>();
      for (String team : List.of("payments", "core", "payments")) {
        Alert a =
            new Alert(
                "a-" + team,
                "c-1",
                "payments",
                "prod",
                Severity.CRITICAL,
                "CrashLoopBackOff",
                "payments restarting",
                Map.of("team", team),
                Map.of(),
                null,
                Map.of(),
                Alert.Mode.ANALYZE);
        Evidence ev =
            evidence(
                a,
                List.of(
                    finding(
                        Category.CRASH_LOOP, "Back-off restarting failed container app", Map.of())),
                List.of(),
                null);
        ids.add(
            labelled.recommend(ev, cause(Category.CRASH_LOOP, "crash loop")).stream()
                .map(Recommendation::runbookId)
                .toList());
      }

      // then the restricted runbook is offered to the payments team only, each time
      assertThat(ids.get(0)).contains("restart-payments-team");
      assertThat(ids.get(1))
          .doesNotContain("restart-payments-team")
          .contains("restart-crashlooping-pods");
      assertThat(ids.get(2)).isEqualTo(ids.get(0));
    }
  }

  private static Recommendation oomRecommendation(Map<String, String> attrs) {
    Evidence ev =
        evidence(
            alert("OOMKilled", "payments OOMKilled"),
            List.of(finding(Category.OOM_KILLED, "Container app was OOMKilled", attrs)),
            List.of(),
            workload(3, "7", null));
    return planner.recommend(ev, cause(Category.OOM_KILLED, "OOMKilled")).getFirst();
  }
}

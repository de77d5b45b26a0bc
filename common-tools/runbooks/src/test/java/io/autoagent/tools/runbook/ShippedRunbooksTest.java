package io.autoagent.tools.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShippedRunbooksTest {

  @Test
  void loadsEveryShippedRunbookWithoutErrors() {
    try (RunbookLibrary lib =
        RunbookLibrary.builder().directory(Incidents.SHIPPED).watchDirectory(false).build()) {
      assertThat(lib.errors()).isEmpty();
      assertThat(lib.all())
          .extracting(Runbook::id)
          .contains(
              "restart-crashlooping-pods",
              "increase-memory-limit",
              "rollback-deployment",
              "scale-deployment",
              "cordon-and-drain-node",
              "fix-image-reference",
              "sync-argocd-application",
              "recreate-missing-config",
              "raise-quota-or-reduce-requests",
              "investigate-manually");
    }
  }

  @Test
  void everyShippedRunbookThatChangesSomethingVerifiesAndCanBeUndoneOrReports() {
    List<Runbook> all = shipped(Incidents.SHIPPED);
    for (Runbook r : all) {
      assertThat(r.steps()).as(r.id()).isNotEmpty();
      boolean mutates =
          r.steps().stream()
              .anyMatch(s -> ActionRegistry.standard().action(s.action()).orElseThrow().mutating());
      if (mutates) {
        assertThat(r.preconditions()).as(r.id() + " preconditions").isNotEmpty();
        assertThat(r.verify().conditions()).as(r.id() + " verify").isNotEmpty();
        assertThat(r.rollback()).as(r.id() + " rollback").isNotEmpty();
      }
    }
  }

  @Test
  void validateDirectoryReportsNothingForTheShippedRunbooks() {
    assertThat(RunbookLibrary.validateDirectory(Incidents.SHIPPED)).isEmpty();
  }

  @Test
  void neverRestartsAnOomKilledContainer() {
    Runbook restart =
        shipped(Incidents.SHIPPED).stream()
            .filter(r -> r.id().equals("restart-crashlooping-pods"))
            .findFirst()
            .orElseThrow();
    assertThat(restart.matches().excludeCategories())
        .contains(io.autoagent.tools.analysis.Category.OOM_KILLED);
  }

  private static List<Runbook> shipped(java.nio.file.Path dir) {
    try (RunbookLibrary lib =
        RunbookLibrary.builder().directory(dir).watchDirectory(false).build()) {
      return lib.all();
    }
  }
}

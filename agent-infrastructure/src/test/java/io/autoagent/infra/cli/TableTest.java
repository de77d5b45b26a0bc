package io.autoagent.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void keepsEveryLineWithinTheWidthAndMarksWhatItCut() {
    Table table =
        new Table("ID", "TITLE")
            .row(
                "increase-memory-limit",
                "Raise the memory limit of a workload that is killed for using too much memory")
            .row("restart", "Restart");

    List<String> lines = table.render(60);

    assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
    assertThat(lines.get(1)).startsWith("increase-memory-limit  Raise the memory").endsWith("…");
    assertThat(lines.get(2)).isEqualTo("restart                Restart");
  }

  @Test
  void shortensTheWidestColumnFirst() {
    Table table = new Table("A", "B").row("short", "x".repeat(50));

    List<String> lines = table.render(30);

    assertThat(lines.get(1)).isEqualTo("short  " + "x".repeat(22) + "…");
  }

  @Test
  void shortensKeptColumnsOnlyWhenNothingElseCanGive() {
    Table table =
        new Table("ID", "TITLE").keep(0).row("raise-quota-or-reduce-requests", "t".repeat(40));

    List<String> lines = table.render(50);

    assertThat(lines.get(1))
        .startsWith("raise-quota-or-reduce-requests  ")
        .endsWith("…")
        .hasSize(50);
  }

  @Test
  void leavesANarrowTableAlone() {
    assertThat(new Table("ID", "RISK").row("a", "low").render(100))
        .containsExactly("ID  RISK", "a   low");
  }

  @Test
  void readsTheWidthFromColumnsElseUsesOneHundred() {
    assertThat(Table.terminalWidth(Map.of("COLUMNS", "132"))).isEqualTo(132);
    assertThat(Table.terminalWidth(Map.of())).isEqualTo(100);
    assertThat(Table.terminalWidth(Map.of("COLUMNS", "wide"))).isEqualTo(100);
  }
}

package io.autoagent.tools.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RunbookIndexTest {

  private static RunbookLibrary library;

  @BeforeAll
  static void load() {
    library = RunbookLibrary.builder().directory(Incidents.SHIPPED).watchDirectory(false).build();
  }

  @AfterAll
  static void close() {
    library.close();
  }

  @Test
  void rankingFromPartsIsTheRankingOfTheWholeText() {
    // given an incident text in parts, as the planner builds it, and the same text as one part
    List<String> parts =
        List.of(
            "RESOURCE SATURATION",
            "CPU throttled at 95% of limit under load",
            "CPUThrottlingHigh",
            "container app throttled; requests are slow",
            "Deployment shop/payments has 3 replicas");
    RunbookIndex index = library.snapshot().index();

    // when both are searched, the parts twice (the second time from remembered terms)
    List<String> whole =
        ids(
            index.candidates(
                Category.RESOURCE_SATURATION,
                "CPUThrottlingHigh",
                Map.of(),
                List.of(String.join("\n", parts))));
    List<String> first =
        ids(index.candidates(Category.RESOURCE_SATURATION, "CPUThrottlingHigh", Map.of(), parts));
    List<String> again =
        ids(index.candidates(Category.RESOURCE_SATURATION, "CPUThrottlingHigh", Map.of(), parts));

    // then all three rank the same runbooks in the same order, with scaling first
    assertThat(whole).isNotEmpty().first().asString().startsWith("scale-deployment@");
    assertThat(first).isEqualTo(whole);
    assertThat(again).isEqualTo(whole);
  }

  private static List<String> ids(List<RunbookIndex.Candidate> candidates) {
    return candidates.stream().map(c -> c.runbook().id() + "@" + c.score()).toList();
  }

  @Test
  void writesAScoreWithTwoDecimalsAsPercentTwoFWould() {
    for (float score :
        new float[] {0f, 0.004f, 0.005f, 0.1f, 1.5f, 2.345f, 7.999f, 12.07f, 123.456f}) {
      assertThat(LibraryRunbookPlanner.twoDecimals(score))
          .as("score %s", score)
          .isEqualTo(String.format(java.util.Locale.ROOT, "%.2f", score));
    }
    assertThat(LibraryRunbookPlanner.twoDecimals(1.5f)).isEqualTo("1.50");
    assertThat(LibraryRunbookPlanner.twoDecimals(12.07f)).isEqualTo("12.07");
    assertThat(LibraryRunbookPlanner.twoDecimals(0.004f)).isEqualTo("0.00");
  }
}

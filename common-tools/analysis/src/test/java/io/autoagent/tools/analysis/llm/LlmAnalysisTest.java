package io.autoagent.tools.analysis.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Recommendation;
import io.autoagent.tools.analysis.RootCause;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmAnalysisTest {

  private static Recommendation rec(String id) {
    return new Recommendation(id, id, "why", "low", true, Map.of());
  }

  @Test
  void putsTheLlmsPreferredRunbooksFirstAndKeepsTheRestInOrder() {
    LlmAnalysis analysis =
        LlmAnalysis.llm(
            new RootCause(Category.CRASH_LOOP, "s", 0.8),
            "llm/openai/m",
            List.of("c", "unknown", "b"));
    assertThat(analysis.preferredFirst(List.of(rec("a"), rec("b"), rec("c"), rec("d"))))
        .extracting(Recommendation::runbookId)
        .containsExactly("c", "b", "a", "d");
  }

  @Test
  void refusesToAttributeAFallbackToTheLlm() {
    assertThatThrownBy(
            () ->
                new LlmAnalysis(
                    new RootCause(Category.UNKNOWN, "s", 0),
                    "llm/openai/m",
                    LlmStatus.ERROR,
                    List.of(),
                    "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package io.autoagent.tools.analysis.llm;

import io.autoagent.tools.analysis.Recommendation;
import io.autoagent.tools.analysis.RootCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link LlmAnalyzer#analyze}: the verdict to publish and where it came from.
 *
 * @param rootCause the LLM's verdict when {@code llmStatus} is OK, else the rules' verdict
 *     unchanged
 * @param analyzer value of {@code analyzer}: {@code llm/<provider>/<model>} or {@code rules}
 * @param llmStatus value of {@code sources.llm}
 * @param preferredRunbookIds runbook ids the LLM chose, best first, all from the candidates
 *     offered; empty unless OK
 * @param detail why the LLM was not used, for logs; null when OK
 */
public record LlmAnalysis(
    RootCause rootCause,
    String analyzer,
    LlmStatus llmStatus,
    List<String> preferredRunbookIds,
    String detail) {

  public static final String RULES = "rules";

  public LlmAnalysis {
    Objects.requireNonNull(rootCause, "rootCause");
    Objects.requireNonNull(analyzer, "analyzer");
    Objects.requireNonNull(llmStatus, "llmStatus");
    preferredRunbookIds =
        preferredRunbookIds == null ? List.of() : List.copyOf(preferredRunbookIds);
    if (llmStatus != LlmStatus.OK && !RULES.equals(analyzer)) {
      throw new IllegalArgumentException(
          "a verdict the LLM did not give must be attributed to rules");
    }
  }

  /** The rules' verdict stands, for the given reason. */
  static LlmAnalysis rules(RootCause rules, LlmStatus status, String detail) {
    return new LlmAnalysis(rules, RULES, status, List.of(), detail);
  }

  static LlmAnalysis llm(RootCause verdict, String analyzer, List<String> runbookIds) {
    return new LlmAnalysis(verdict, analyzer, LlmStatus.OK, runbookIds, null);
  }

  /** Whether the published verdict is the LLM's. */
  public boolean usedLlm() {
    return llmStatus == LlmStatus.OK;
  }

  /**
   * The recommendations with the LLM's preferred runbooks first, in its order; the rest keep their
   * order. Ids not among the recommendations are ignored.
   */
  public List<Recommendation> preferredFirst(List<Recommendation> recommendations) {
    List<Recommendation> out = new ArrayList<>();
    for (String id : preferredRunbookIds) {
      recommendations.stream()
          .filter(r -> r.runbookId().equals(id))
          .findFirst()
          .ifPresent(out::add);
    }
    recommendations.stream().filter(r -> !out.contains(r)).forEach(out::add);
    return List.copyOf(out);
  }
}

package io.autoagent.infra;

import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.Recommendation;
import io.autoagent.tools.analysis.RootCause;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of analysing one alert, before it is turned into the published documents.
 *
 * @param evidence what every source reported
 * @param rootCause the verdict; null when the analysis failed
 * @param recommendations runbooks that fit, best first
 * @param analyzer {@code rules} or {@code llm/<provider>/<model>}
 * @param llmStatus {@code sources.llm}: {@code ok}, {@code unavailable}, {@code error} or {@code skipped}
 * @param llmDetail why the LLM's answer was not used, when it was not; may be null
 * @param status {@code completed}, {@code partial} or {@code failed}
 * @param errorCode the contract's error code when failed, else null
 * @param errorMessage what went wrong when failed, else null
 * @param took how long the analysis took
 */
public record AnalysisResult(
    Evidence evidence,
    RootCause rootCause,
    List<Recommendation> recommendations,
    String analyzer,
    String llmStatus,
    String llmDetail,
    String status,
    String errorCode,
    String errorMessage,
    Duration took) {
  public AnalysisResult {
    recommendations = List.copyOf(recommendations);
  }
}

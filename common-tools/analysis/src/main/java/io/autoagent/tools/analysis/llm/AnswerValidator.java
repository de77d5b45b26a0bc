package io.autoagent.tools.analysis.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.tools.analysis.Category;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks an answer against the evidence, in code, whatever the model was told: the category must be
 * one of {@code allowed} (those a finding supports; HEALTHY and UNKNOWN only when no high-severity
 * finding exists), every runbook id must be a candidate, the confidence within 0..1, the summary
 * present. This is what keeps a prompt injection in a log line from changing the outcome.
 */
final class AnswerValidator {

  static final int MAX_SUMMARY_CHARS = 600;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Outcome of validation. */
  sealed interface Result permits Accepted, Rejected {}

  record Accepted(Category category, String summary, double confidence, List<String> runbookIds)
      implements Result {}

  record Rejected(String reason) implements Result {}

  private AnswerValidator() {}

  static Result validate(String text, Set<Category> allowed, Set<String> candidateIds) {
    JsonNode answer;
    try {
      answer = MAPPER.readTree(stripFence(text));
    } catch (JsonProcessingException e) {
      return new Rejected("the answer is not valid JSON");
    }
    if (answer == null || !answer.isObject()) {
      return new Rejected("the answer is not a JSON object");
    }
    JsonNode category = answer.path(Prompts.CATEGORY);
    Category parsed = parseCategory(category);
    if (parsed == null) {
      return new Rejected("category " + category + " is not a known category");
    }
    if (!allowed.contains(parsed)) {
      return new Rejected(
          "category " + parsed + " is not supported by any finding; allowed: " + allowed);
    }
    JsonNode summary = answer.path(Prompts.SUMMARY);
    if (!summary.isTextual() || summary.asText().isBlank()) {
      return new Rejected("summary is missing");
    }
    JsonNode confidence = answer.path(Prompts.CONFIDENCE);
    if (!confidence.isNumber() || confidence.asDouble() < 0 || confidence.asDouble() > 1) {
      return new Rejected("confidence must be a number from 0 to 1");
    }
    JsonNode ids = answer.path(Prompts.RUNBOOK_IDS);
    if (!ids.isMissingNode() && !ids.isNull() && !ids.isArray()) {
      return new Rejected("runbook_ids must be an array");
    }
    List<String> chosen = new ArrayList<>();
    for (JsonNode id : ids) {
      if (!id.isTextual() || !candidateIds.contains(id.asText())) {
        return new Rejected("runbook id " + id + " is not one of the candidates " + candidateIds);
      }
      if (!chosen.contains(id.asText())) {
        chosen.add(id.asText());
      }
    }
    String text1 = summary.asText().strip();
    return new Accepted(
        parsed,
        text1.length() > MAX_SUMMARY_CHARS ? text1.substring(0, MAX_SUMMARY_CHARS) + "…" : text1,
        confidence.asDouble(),
        chosen);
  }

  private static Category parseCategory(JsonNode node) {
    if (!node.isTextual()) {
      return null;
    }
    try {
      return Category.valueOf(node.asText().strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Some OpenAI-compatible servers ignore the response format and wrap JSON in a code fence. */
  private static String stripFence(String text) {
    String t = text == null ? "" : text.strip();
    if (t.startsWith("```")) {
      int start = t.indexOf('\n');
      int end = t.lastIndexOf("```");
      if (start > 0 && end > start) {
        return t.substring(start + 1, end);
      }
    }
    return t;
  }
}

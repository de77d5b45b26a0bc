package io.autoagent.infra.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * How the agent did on one scenario.
 *
 * @param verdict {@code PASS}, {@code MISS}, or {@code PENDING} when a source the scenario requires
 *     was not {@code ok} (not run, not counted)
 * @param status the analysis status the agent answered
 * @param rootCause the category it answered; {@code -} when none
 * @param runbook its first recommended runbook; {@code -} when none
 * @param problems what differed from the expectation (or why it is pending)
 */
record Outcome(
    Scenario scenario,
    Verdict verdict,
    String status,
    String rootCause,
    String runbook,
    List<String> problems) {

  enum Verdict {
    PASS,
    MISS,
    PENDING
  }

  Outcome {
    problems = List.copyOf(problems);
  }

  static Outcome judge(Scenario s, JsonNode answer) {
    Scenario.Expectation e = s.expect();
    String status = answer.path("status").asText("-");
    String cause = answer.path("root_cause").path("category").asText("-");
    String runbook = answer.path("recommendations").path(0).path("runbook_id").asText("-");
    List<String> pending = new ArrayList<>();
    for (String source : s.requires()) {
      String state = answer.path("sources").path(source).asText("absent");
      if (!"ok".equals(state)) {
        pending.add("requires " + source + ", which the agent reported " + state);
      }
    }
    if (!pending.isEmpty()) {
      return new Outcome(s, Verdict.PENDING, status, cause, runbook, pending);
    }
    List<String> problems = new ArrayList<>();
    if (!e.status().equals(status)) {
      problems.add("status " + status + ", expected " + e.status());
    }
    if (!e.rootCauses().isEmpty() && !e.rootCauses().contains(cause)) {
      problems.add("root cause " + cause + ", expected " + String.join(" or ", e.rootCauses()));
    }
    if (e.runbook() != null && !e.runbook().equals(runbook)) {
      problems.add("first runbook " + runbook + ", expected " + e.runbook());
    }
    String code = answer.path("error").path("code").asText(null);
    if (e.errorCode() != null && !e.errorCode().equals(code)) {
      problems.add("error.code " + code + ", expected " + e.errorCode());
    }
    List<JsonNode> findings = new ArrayList<>();
    answer.path("findings").forEach(findings::add);
    for (Scenario.FindingMatch m : e.mustFind()) {
      if (findings.stream().noneMatch(m::matches)) {
        problems.add("no finding " + m);
      }
    }
    for (Scenario.FindingMatch m : e.mustNotFind()) {
      findings.stream()
          .filter(m::matches)
          .findFirst()
          .ifPresent(
              f ->
                  problems.add(
                      "unexpected finding "
                          + f.path("category").asText()
                          + " on "
                          + f.path("resource").asText()));
    }
    return new Outcome(
        s, problems.isEmpty() ? Verdict.PASS : Verdict.MISS, status, cause, runbook, problems);
  }

  @Override
  public String toString() {
    return scenario.name()
        + ": "
        + verdict
        + (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")");
  }

  String expectedCause() {
    Scenario.Expectation e = scenario.expect();
    return e.rootCauses().isEmpty()
        ? (e.errorCode() != null ? e.status() + " " + e.errorCode() : "-")
        : String.join(" / ", e.rootCauses());
  }

  String gotCause() {
    return rootCause.equals("-") ? status : rootCause;
  }
}

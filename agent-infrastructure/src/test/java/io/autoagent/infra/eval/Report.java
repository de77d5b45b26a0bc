package io.autoagent.infra.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/** The suite's result: one row per scenario, accuracy over the scenarios that ran. */
record Report(List<Outcome> outcomes, List<JsonNode> answers) {

  Report {
    outcomes = List.copyOf(outcomes);
    answers = List.copyOf(answers);
  }

  List<Outcome> ran() {
    return outcomes.stream().filter(o -> o.verdict() != Outcome.Verdict.PENDING).toList();
  }

  List<Outcome> misses() {
    return outcomes.stream().filter(o -> o.verdict() == Outcome.Verdict.MISS).toList();
  }

  List<Outcome> pending() {
    return outcomes.stream().filter(o -> o.verdict() == Outcome.Verdict.PENDING).toList();
  }

  double accuracy() {
    List<Outcome> ran = ran();
    return ran.isEmpty()
        ? 0
        : (double) ran.stream().filter(o -> o.verdict() == Outcome.Verdict.PASS).count()
            / ran.size();
  }

  boolean allPassed() {
    return !ran().isEmpty() && misses().isEmpty();
  }

  String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("| scenario | tags | expected | got | runbook expected | runbook got | pass |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    for (Outcome o : ran()) {
      row(out, o, o.verdict() == Outcome.Verdict.PASS ? "yes" : "**no**");
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%nAccuracy (rules analyzer): %d/%d = %.1f %%%n",
            ran().size() - misses().size(),
            ran().size(),
            accuracy() * 100));
    if (!misses().isEmpty()) {
      out.append("\nMisses:\n");
      misses()
          .forEach(
              o ->
                  out.append("- ")
                      .append(o.scenario().name())
                      .append(": ")
                      .append(String.join("; ", o.problems()))
                      .append('\n'));
    }
    if (!pending().isEmpty()) {
      out.append("\nPending (not run, not counted):\n\n");
      out.append(
          "| scenario | tags | expected | got now | runbook expected | runbook got now | why pending |\n");
      out.append("|---|---|---|---|---|---|---|\n");
      pending().forEach(o -> row(out, o, String.join("; ", o.problems())));
    }
    return out.toString();
  }

  private static void row(StringBuilder out, Outcome o, String last) {
    Scenario.Expectation e = o.scenario().expect();
    out.append("| ")
        .append(o.scenario().name())
        .append(" | ")
        .append(String.join(", ", o.scenario().tags()))
        .append(" | ")
        .append(o.expectedCause())
        .append(" | ")
        .append(o.gotCause())
        .append(" | ")
        .append(e.runbook() == null ? "-" : e.runbook())
        .append(" | ")
        .append(o.runbook())
        .append(" | ")
        .append(last)
        .append(" |\n");
  }
}

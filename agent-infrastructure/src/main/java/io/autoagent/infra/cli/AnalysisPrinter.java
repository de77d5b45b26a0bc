package io.autoagent.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** Prints an analysis for a person: verdict first, then the evidence and what to do about it. */
public final class AnalysisPrinter {

  private final PrintWriter out;

  public AnalysisPrinter(PrintWriter out) {
    this.out = out;
  }

  public void print(JsonNode a) {
    String status = a.path("status").asText();
    out.printf(
        "%n%s/%s  [%s, %d ms, %s]%n",
        a.path("namespace").asText("?"),
        a.path("service").asText("?"),
        status,
        a.path("duration_ms").asLong(),
        a.path("analyzer").asText());
    if (a.has("error")) {
      out.printf(
          "  %s: %s%n",
          a.path("error").path("code").asText(), a.path("error").path("message").asText());
      return;
    }
    JsonNode root = a.path("root_cause");
    out.printf(
        "  Root cause: %s (confidence %.2f)%n  %s%n",
        root.path("category").asText(),
        root.path("confidence").asDouble(),
        root.path("summary").asText());
    for (JsonNode f : a.path("findings")) {
      out.printf(
          "  - %-8s %-19s %s%n",
          f.path("severity").asText(), f.path("category").asText(), f.path("resource").asText());
      out.printf("      %s%n", f.path("message").asText());
      int shown = 0;
      for (JsonNode line : f.path("evidence")) {
        if (shown++ == 4) {
          out.printf(
              "      ... (%d more evidence lines; --json shows all)%n",
              f.path("evidence").size() - 4);
          break;
        }
        out.printf("      | %s%n", firstLine(line.asText()));
      }
    }
    for (JsonNode r : a.path("recommendations")) {
      out.printf(
          "  Runbook: %s (%s risk, %s)%n      %s%n",
          r.path("runbook_id").asText(),
          r.path("risk").asText(),
          r.path("automatable").asBoolean() ? "automatable" : "needs a person",
          r.path("reason").asText());
    }
    StringBuilder sources = new StringBuilder();
    a.path("sources")
        .properties()
        .forEach(
            e ->
                sources
                    .append(sources.isEmpty() ? "" : ", ")
                    .append(e.getKey())
                    .append(' ')
                    .append(e.getValue().asText()));
    out.printf("  Sources: %s%n", sources);
  }

  private static String firstLine(String text) {
    String line = text.lines().findFirst().orElse("");
    return line.length() > 160 ? line.substring(0, 160) + "..." : line;
  }
}

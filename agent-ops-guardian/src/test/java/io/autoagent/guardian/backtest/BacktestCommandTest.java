package io.autoagent.guardian.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class BacktestCommandTest {

  @TempDir Path dir;
  private Path trace;

  /** Two days of a daily cycle with a lunch peak, per minute. */
  @BeforeEach
  void writeTrace() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int m = 0; m < 2 * 1440; m++) {
      int tod = m % 1440;
      long v =
          Math.round(
              20
                  + 80 * Math.sin(Math.PI * tod / 1440)
                  + (tod / 60 == 12 ? 60 : 0)
                  + 7 * Math.sin(m * 0.7));
      text.append(v).append('\n');
    }
    trace = Files.writeString(dir.resolve("trace.txt"), text.toString());
  }

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = BacktestCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(status, out.toString(), err.toString());
  }

  private static List<String> tableRows(String out) {
    return out.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| policy")).toList();
  }

  @Test
  void printsTheTableWithColumnsInOrderAndPoliciesAsGiven() {
    // when
    Run r =
        run(
            "--trace",
            trace.toString(),
            "--policy",
            "oracle,hpa,predictive",
            "--peak-replicas",
            "7",
            "--startup-s",
            "30",
            "--slo-ms",
            "500");

    // then
    assertThat(r.status()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains(
            "| policy | SLO-violation minutes | replica-hours | scale changes | p99 latency |");
    List<String> rows = tableRows(r.out());
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).startsWith("| oracle | ");
    assertThat(rows.get(1)).startsWith("| hpa | ");
    assertThat(rows.get(2)).startsWith("| predictive | ");
    assertThat(rows.get(0).split("\\|")).hasSize(6);
  }

  @Test
  void printsTheSameOutputForTheSameInput() {
    Run first = run("--trace", trace.toString(), "--policy", "hpa,predictive,rules");
    Run second = run("--trace", trace.toString(), "--policy", "hpa,predictive,rules");

    assertThat(second.out()).isEqualTo(first.out());
  }

  @Test
  void printsJsonWithEveryPolicyByDefault() throws IOException {
    // when
    Run r = run("--trace", trace.toString(), "--json", "--days", "1", "--from-day", "1");

    // then
    assertThat(r.status()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("minutes").asInt()).isEqualTo(1440);
    assertThat(json.path("results")).hasSize(6);
    assertThat(json.path("results").findValuesAsText("policy"))
        .containsExactly("hpa", "rules", "predictive", "seed-defaults", "oracle", "holt-winters");
    JsonNode oracle = json.path("results").get(4);
    for (JsonNode other : json.path("results")) {
      assertThat(oracle.path("slo_violation_minutes").asDouble())
          .isLessThanOrEqualTo(other.path("slo_violation_minutes").asDouble());
      assertThat(other.path("replica_hours").asDouble()).isPositive();
    }
  }

  @Test
  void writesAWellFormedSvgChartWithALanePerPolicy() throws Exception {
    // given
    Path chart = dir.resolve("out.svg");

    // when
    Run r =
        run("--trace", trace.toString(), "--policy", "hpa,predictive", "--chart", chart.toString());

    // then
    assertThat(r.status()).isZero();
    Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(chart.toFile());
    assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(svg.getElementsByTagName("polyline").getLength()).isEqualTo(3);
    String text = Files.readString(chart);
    assertThat(text)
        .contains(">hpa<", ">predictive<", ">load (pods)<")
        .doesNotContain("<script", "href", "url(", "<image");
  }

  @Test
  void writesAWellFormedSelfContainedHtmlChart() throws Exception {
    Path chart = dir.resolve("out.html");

    Run r = run("--trace", trace.toString(), "--policy", "hpa,oracle", "--chart", chart.toString());

    assertThat(r.status()).isZero();
    String html = Files.readString(chart);
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(
                new java.io.ByteArrayInputStream(
                    html.replace("<!DOCTYPE html>", "")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(doc.getElementsByTagName("svg").getLength()).isEqualTo(1);
    assertThat(doc.getElementsByTagName("tr").getLength()).isEqualTo(3);
    assertThat(html).doesNotContain("src=", "href=");
  }

  @Test
  void readsAWorkloadsOwnSettingsFromConfig() throws IOException {
    // given annotations of a workload: at least 3 replicas
    Path config =
        Files.writeString(
            dir.resolve("w.env"),
            "ops-guardian.autoagent.io/min=3\nops-guardian.autoagent.io/max=12\n");

    // when
    Run r = run("--trace", trace.toString(), "--policy", "hpa", "--config", config.toString());

    // then
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("replicas 3..12");
  }

  @Test
  void printsHelpListingEveryOption() {
    Run r = run("--help");

    assertThat(r.status()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains(
            "--trace",
            "--column",
            "--interval",
            "--prometheus",
            "--query",
            "--start",
            "--end",
            "--step",
            "--peak-replicas",
            "--requests-per-pod",
            "--startup-s",
            "--slo-ms",
            "--min",
            "--max",
            "--from-day",
            "--days",
            "--policy",
            "--config",
            "--budget-ratio",
            "--json",
            "--chart",
            "at 70 % CPU")
        .doesNotContain("%%");
  }

  @Test
  void answersBadUsageWithOneLineAndStatusTwo() {
    List<String[]> bad =
        List.of(
            new String[] {"--policy", "hpa"},
            new String[] {"--trace", dir.resolve("missing.txt").toString()},
            new String[] {"--trace", trace.toString(), "--policy", "hpa,nope"},
            new String[] {"--trace", trace.toString(), "--interval", "5m"},
            new String[] {"--trace", trace.toString(), "--min", "5", "--max", "2"},
            new String[] {"--trace", trace.toString(), "--peak-replicas", "0"},
            new String[] {"--trace", trace.toString(), "--from-day", "9"},
            new String[] {"--trace", trace.toString(), "--slo-ms", "100"},
            new String[] {"--trace", trace.toString(), "--startup-s", "ten"},
            new String[] {"--prometheus", "http://localhost:1", "--query", "x"},
            new String[] {"--trace", trace.toString(), "--budget-ratio", "lots"},
            new String[] {"--trace", trace.toString(), "--budget-ratio", "3"},
            new String[] {"--unknown"});
    for (String[] args : bad) {
      Run r = run(args);
      assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err().lines().count()).as(String.join(" ", args)).isEqualTo(1);
      assertThat(r.err()).startsWith("backtest: ").doesNotContain("Exception", "\tat ");
    }
  }

  @Test
  void namesTheBadBudgetRatioAndItsValue() {
    for (String bad : List.of("lots", "3", "-0.5", "0.2", "NaN")) {
      Run r = run("--trace", trace.toString(), "--policy", "predictive", "--budget-ratio", bad);

      assertThat(r.status()).as(bad).isEqualTo(2);
      assertThat(r.err()).as(bad).startsWith("backtest: --budget-ratio ").contains("'" + bad + "'");
    }
    Path config = dir.resolve("bad.env");
    Run r = runWithConfig(config, "GUARDIAN_BUDGET_RATIO=7\n");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("GUARDIAN_BUDGET_RATIO=7");
  }

  private Run runWithConfig(Path config, String text) {
    try {
      Files.writeString(config, text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return run(
        "--trace", trace.toString(), "--policy", "predictive", "--config", config.toString());
  }

  private static double budgetOf(String... args) throws IOException {
    BacktestCommand command = new BacktestCommand();
    new picocli.CommandLine(command).parseArgs(args);
    return command.predictiveSettings().budgetRatio();
  }

  @Test
  void takesThePodBudgetFromTheOptionTheConfigOrTheDefault() throws IOException {
    Path env = Files.writeString(dir.resolve("g.env"), "GUARDIAN_BUDGET_RATIO=0.9\n");
    Path annotated =
        Files.writeString(
            dir.resolve("a.env"),
            "GUARDIAN_BUDGET_RATIO=0.9\nops-guardian.autoagent.io/budget-ratio=1.1\n");
    String t = trace.toString();

    assertThat(budgetOf("--trace", t))
        .isEqualTo(io.autoagent.guardian.decision.PredictiveSettings.DEFAULTS.budgetRatio());
    assertThat(budgetOf("--trace", t, "--budget-ratio", "1.0")).isEqualTo(1.0);
    assertThat(budgetOf("--trace", t, "--budget-ratio", "0")).isZero();
    assertThat(budgetOf("--trace", t, "--config", env.toString())).isEqualTo(0.9);
    assertThat(budgetOf("--trace", t, "--config", annotated.toString())).isEqualTo(1.1);
    assertThat(budgetOf("--trace", t, "--config", env.toString(), "--budget-ratio", "0.7"))
        .isEqualTo(0.7);
  }

  @Test
  void aLargerPodBudgetLetsThePredictivePolicyKeepMorePods() throws IOException {
    // when the same two days are replayed with budgets of 0.6 and 1.5 of the HPA's replicas
    double small = predictiveReplicaHours("0.6");
    double large = predictiveReplicaHours("1.5");

    // then the budget reached the policy: the larger one spent more pods
    assertThat(large).isGreaterThan(small);
  }

  private double predictiveReplicaHours(String ratio) throws IOException {
    Run r =
        run(
            "--trace",
            trace.toString(),
            "--policy",
            "predictive",
            "--json",
            "--budget-ratio",
            ratio);
    assertThat(r.status()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    return json.get("results").get(0).get("replica_hours").asDouble();
  }

  @Test
  void readsTheTraceFromAPrometheusRangeQuery() throws Exception {
    // given a Prometheus answering a range query of 3 hours at 60 s with two series
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      long start = 1772445600L; // 2026-03-02T10:00:00Z
      StringBuilder a = new StringBuilder();
      StringBuilder b = new StringBuilder();
      for (int i = 0; i <= 180; i++) {
        String sep = i == 0 ? "" : ",";
        a.append(sep)
            .append("[")
            .append(start + 60L * i)
            .append(",\"")
            .append(1 + (i % 60) / 30.0)
            .append("\"]");
        b.append(sep).append("[").append(start + 60L * i).append(",\"0.5\"]");
      }
      server.enqueue(
          new MockResponse.Builder()
              .code(200)
              .addHeader("Content-Type", "application/json")
              .body(
                  "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                      + "{\"metric\":{\"pod\":\"a\"},\"values\":["
                      + a
                      + "]},"
                      + "{\"metric\":{\"pod\":\"b\"},\"values\":["
                      + b
                      + "]}]}}")
              .build());

      // when
      Run r =
          run(
              "--prometheus",
              server.url("/").toString(),
              "--query",
              "sum(rate(http_requests_total[1m]))",
              "--start",
              "2026-03-02T10:00:00Z",
              "--end",
              Long.toString(start + 3 * 3600),
              "--step",
              "1m",
              "--policy",
              "hpa,oracle",
              "--json");

      // then
      assertThat(r.err()).isEmpty();
      assertThat(r.status()).isZero();
      RecordedRequest request = server.takeRequest();
      assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v1/query_range");
      assertThat(request.getUrl().queryParameter("query"))
          .isEqualTo("sum(rate(http_requests_total[1m]))");
      assertThat(request.getUrl().queryParameter("start")).isEqualTo(Long.toString(start));
      assertThat(request.getUrl().queryParameter("step")).isEqualTo("60s");
      JsonNode json = new ObjectMapper().readTree(r.out());
      assertThat(json.path("start").asText()).isEqualTo("2026-03-02T10:00:00Z");
      assertThat(json.path("minutes").asInt()).isEqualTo(181);
    }
  }

  @Test
  void reportsPrometheusErrorsInOneLine() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(
          new MockResponse.Builder()
              .code(400)
              .addHeader("Content-Type", "application/json")
              .body("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}")
              .build());

      Run r =
          run(
              "--prometheus",
              server.url("/").toString(),
              "--query",
              "sum(",
              "--start",
              "0",
              "--end",
              "3600");

      assertThat(r.status()).isEqualTo(1);
      assertThat(r.err())
          .isEqualTo(
              "backtest: prometheus answered HTTP 400: bad_data: parse error"
                  + System.lineSeparator());
    }
  }
}

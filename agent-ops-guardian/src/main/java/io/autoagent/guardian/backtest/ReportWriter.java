package io.autoagent.guardian.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.guardian.sim.SimResult;
import java.util.Locale;

/**
 * The backtest's output: a Markdown table whose columns are, in this order, {@code policy}, {@code
 * SLO-violation minutes}, {@code replica-hours}, {@code scale changes} and {@code p99 latency}
 * (milliseconds), one row per policy under the name it was asked by; or the same as JSON.
 */
public final class ReportWriter {

  public static final String HEADER =
      "| policy | SLO-violation minutes | replica-hours | scale changes | p99 latency |";

  private ReportWriter() {}

  public static String markdown(Backtest.Report report) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%s: %.1f days from %s, %.3f requests/s per pod, start-up %d s, SLO %.0f ms, "
                + "replicas %d..%d%n%n",
            report.load().name(),
            report.load().minutes() / 1440.0,
            report.load().start(),
            report.requestsPerPod(),
            report.model().startupSeconds(),
            report.model().sloMs(),
            report.model().minReplicas(),
            report.model().maxReplicas()));
    out.append(HEADER).append('\n');
    out.append("|---|---:|---:|---:|---:|\n");
    for (SimResult r : report.results()) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.1f | %d | %.0f |%n",
              r.policy(),
              r.sloViolationMinutes(),
              r.replicaHours(),
              r.scaleChanges(),
              r.p99LatencyMs()));
    }
    return out.toString();
  }

  public static String json(Backtest.Report report) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("trace", report.load().name());
    root.put("start", report.load().start().toString());
    root.put("minutes", report.load().minutes());
    root.put("requests_per_pod", round(report.requestsPerPod(), 6));
    ObjectNode model = root.putObject("model");
    model.put("startup_s", report.model().startupSeconds());
    model.put("slo_ms", report.model().sloMs());
    model.put("min_replicas", report.model().minReplicas());
    model.put("max_replicas", report.model().maxReplicas());
    ArrayNode results = root.putArray("results");
    for (SimResult r : report.results()) {
      ObjectNode row = results.addObject();
      row.put("policy", r.policy());
      row.put("slo_violation_minutes", round(r.sloViolationMinutes(), 2));
      row.put("replica_hours", round(r.replicaHours(), 2));
      row.put("scale_changes", r.scaleChanges());
      row.put("p99_latency_ms", round(r.p99LatencyMs(), 1));
    }
    try {
      return mapper.writeValueAsString(root) + System.lineSeparator();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}

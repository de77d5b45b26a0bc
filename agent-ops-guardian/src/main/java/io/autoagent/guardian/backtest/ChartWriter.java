package io.autoagent.guardian.backtest;

import io.autoagent.guardian.sim.SimResult;
import io.autoagent.guardian.sim.TrafficTrace;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained picture of a backtest (no scripts, fonts or anything fetched): the load on top,
 * then one lane per policy with its replicas over time and its SLO-violation periods in red.
 * Written as SVG, or as an HTML page holding the SVG and the table. Both are well-formed XML.
 */
public final class ChartWriter {

  private static final int WIDTH = 1200;
  private static final int LEFT = 140;
  private static final int PLOT = WIDTH - LEFT - 20;
  private static final int LOAD_HEIGHT = 140;
  private static final int LANE = 90;
  private static final String[] COLOURS = {
    "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#17becf", "#bcbd22", "#e377c2", "#7f7f7f"
  };

  private ChartWriter() {}

  public static String svg(Backtest.Report report) {
    TrafficTrace load = report.load();
    List<SimResult> results = report.results();
    int height = 40 + LOAD_HEIGHT + 30 + results.size() * LANE + 30;
    int minutes = Math.max(1, load.minutes());
    double maxY = report.model().maxReplicas();
    for (int m = 0; m < load.minutes(); m++) {
      maxY = Math.max(maxY, load.at(m));
    }
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
                + " height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            WIDTH,
            height,
            WIDTH,
            height));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"20\" font-size=\"15\">%s: load and"
                + " replicas, SLO %.0f ms, start-up %d s</text>%n",
            LEFT,
            escape(load.name()),
            report.model().sloMs(),
            report.model().startupSeconds()));
    int top = 40;
    lane(s, "load (pods)", top, LOAD_HEIGHT, maxY);
    s.append(polyline(loadSeries(load), minutes, top, LOAD_HEIGHT, maxY, "#444444"));
    dayTicks(s, minutes, top + LOAD_HEIGHT, 40 + LOAD_HEIGHT + 30 + results.size() * LANE);
    int y = top + LOAD_HEIGHT + 30;
    for (int i = 0; i < results.size(); i++) {
      SimResult r = results.get(i);
      lane(s, r.policy(), y, LANE - 20, maxY);
      violations(s, r.timeline().violationSeconds(), minutes, y, LANE - 20);
      double[] replicas = new double[r.timeline().replicas().length];
      for (int m = 0; m < replicas.length; m++) {
        replicas[m] = r.timeline().replicas()[m];
      }
      s.append(polyline(replicas, minutes, y, LANE - 20, maxY, COLOURS[i % COLOURS.length]));
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\""
                  + " fill=\"#555\">%.1f min over SLO, %.1f replica-h</text>%n",
              LEFT + PLOT - 4,
              y - 3,
              r.sloViolationMinutes(),
              r.replicaHours()));
      y += LANE;
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" fill=\"#c00\">red strip: minutes"
                + " with latency above the SLO; lines: replicas (lanes) and load, on one scale</text>%n",
            LEFT,
            height - 8));
    s.append("</svg>\n");
    return s.toString();
  }

  public static String html(Backtest.Report report) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n");
    h.append("<head><meta charset=\"utf-8\"/><title>Backtest: ")
        .append(escape(report.load().name()))
        .append("</title>\n");
    h.append(
        "<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}"
            + "td:first-child,th:first-child{text-align:left}</style></head>\n<body>\n");
    h.append("<h1>Backtest: ").append(escape(report.load().name())).append("</h1>\n");
    h.append(
        "<table>\n<tr><th>policy</th><th>SLO-violation minutes</th><th>replica-hours</th>"
            + "<th>scale changes</th><th>p99 latency (ms)</th></tr>\n");
    for (SimResult r : report.results()) {
      h.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%s</td><td>%.1f</td><td>%.1f</td><td>%d</td>" + "<td>%.0f</td></tr>%n",
              escape(r.policy()),
              r.sloViolationMinutes(),
              r.replicaHours(),
              r.scaleChanges(),
              r.p99LatencyMs()));
    }
    h.append("</table>\n<div>\n").append(svg(report)).append("</div>\n</body>\n</html>\n");
    return h.toString();
  }

  private static double[] loadSeries(TrafficTrace load) {
    double[] out = new double[load.minutes()];
    for (int m = 0; m < out.length; m++) {
      out[m] = load.at(m);
    }
    return out;
  }

  private static void lane(StringBuilder s, String label, int y, int height, double maxY) {
    s.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
                + " fill=\"#fafafa\" stroke=\"#ccc\"/>%n",
            LEFT,
            y,
            PLOT,
            height));
    s.append(
        String.format(
            Locale.ROOT, "<text x=\"8\" y=\"%d\">%s</text>%n", y + height / 2 + 4, escape(label)));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"end\"" + " fill=\"#888\">%.0f</text>%n",
            LEFT - 4,
            y + 10,
            maxY));
  }

  private static void dayTicks(StringBuilder s, int minutes, int y0, int y1) {
    int step = minutes > 40 * 1440 ? 7 * 1440 : 1440;
    for (int m = step; m < minutes; m += step) {
      double x = LEFT + (double) m / minutes * PLOT;
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\""
                  + " stroke=\"#eee\"/>%n<text x=\"%.1f\" y=\"%d\" fill=\"#888\" text-anchor=\"middle\">"
                  + "d%d</text>%n",
              x,
              40,
              x,
              y1,
              x,
              y0 + 18,
              m / 1440));
    }
  }

  /** The series as a polyline with one point pair (min, max) per pixel column. */
  private static String polyline(
      double[] values, int minutes, int y, int height, double maxY, String colour) {
    StringBuilder p = new StringBuilder();
    int columns = Math.min(PLOT, values.length);
    for (int c = 0; c < columns; c++) {
      int from = (int) ((long) c * values.length / columns);
      int to = Math.max(from + 1, (int) ((long) (c + 1) * values.length / columns));
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int m = from; m < to; m++) {
        lo = Math.min(lo, values[m]);
        hi = Math.max(hi, values[m]);
      }
      double x = LEFT + (double) from / minutes * PLOT;
      p.append(
          String.format(
              Locale.ROOT,
              "%.1f,%.1f %.1f,%.1f ",
              x,
              yOf(lo, y, height, maxY),
              x,
              yOf(hi, y, height, maxY)));
    }
    return String.format(
        Locale.ROOT,
        "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1\"" + " points=\"%s\"/>%n",
        colour,
        p.toString().trim());
  }

  private static void violations(StringBuilder s, int[] seconds, int minutes, int y, int height) {
    int m = 0;
    while (m < seconds.length) {
      if (seconds[m] == 0) {
        m++;
        continue;
      }
      int start = m;
      while (m < seconds.length && seconds[m] > 0) {
        m++;
      }
      double x = LEFT + (double) start / minutes * PLOT;
      double w = Math.max(1, (double) (m - start) / minutes * PLOT);
      // a strip along the lane's bottom, so the replicas stay readable above it
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\"" + " height=\"%d\" fill=\"#d62728\"/>%n",
              x,
              y + height - 10,
              w,
              10));
    }
  }

  private static double yOf(double v, int y, int height, double maxY) {
    return y + height - Math.min(1, v / maxY) * height;
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}

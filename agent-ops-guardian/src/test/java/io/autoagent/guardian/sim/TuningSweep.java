package io.autoagent.guardian.sim;

import io.autoagent.guardian.backtest.Backtest;
import io.autoagent.guardian.backtest.LoadScale;
import io.autoagent.guardian.config.GuardianConfig;
import io.autoagent.guardian.decision.PredictiveSettings;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/** Development harness (not a test): replays families, seeds and windows, prints ratios to HPA. */
final class TuningSweep {

  public static void main(String[] args) {
    String[] seeds = System.getProperty("seeds", "1").split(",");
    String[] days = System.getProperty("days", "0").split(",");
    String[] fams = System.getProperty("families", "web,social,busy,flash").split(",");
    double ratio = Double.parseDouble(System.getProperty("budget", "0.98"));
    PredictiveSettings base = PredictiveSettings.DEFAULTS.withBudgetRatio(ratio);
    PredictiveSettings settings =
        base.withUp(
                Double.parseDouble(System.getProperty("up", String.valueOf(base.upUtilisation()))),
                Double.parseDouble(
                    System.getProperty("target", String.valueOf(base.targetUtilisation()))))
            .withConfidentDownSeconds(Integer.getInteger("down", base.confidentDownSeconds()));
    double logV = 0;
    int n = 0;
    for (String f : fams) {
      LongFunction<TrafficTrace> g =
          switch (f) {
            case "web" -> SyntheticTraces::webServer;
            case "social" -> SyntheticTraces::socialStream;
            case "busy" -> SyntheticTraces::busyWebServer;
            default -> SyntheticTraces::flashCrowds;
          };
      for (String s : seeds) {
        TrafficTrace trace = g.apply(Long.parseLong(s));
        for (String d : days) {
          Backtest b =
              new Backtest(
                  ServiceModel.DEFAULTS,
                  new LoadScale.PeakReplicas(7),
                  List.of("hpa", "predictive", "oracle"),
                  GuardianConfig.defaults(),
                  settings,
                  Integer.parseInt(d),
                  Integer.getInteger("span", 14));
          Backtest.Report r = b.run(trace);
          String dump = System.getProperty("dump");
          if (dump != null) {
            StringBuilder sb = new StringBuilder();
            for (int m = 0; m < r.load().minutes(); m++) {
              sb.append(String.format(Locale.ROOT, "%.4f", r.load().at(m)));
              for (SimResult x : r.results()) {
                sb.append(' ')
                    .append(x.timeline().replicas()[m])
                    .append(' ')
                    .append(x.timeline().violationSeconds()[m]);
              }
              sb.append('\n');
            }
            try {
              java.nio.file.Files.writeString(
                  java.nio.file.Path.of(dump + "-" + f + "-" + s + "-" + d + ".txt"),
                  sb.toString());
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
          SimResult h = r.results().get(0);
          SimResult p = r.results().get(1);
          SimResult o = r.results().get(2);
          double v = p.sloViolationMinutes() / h.sloViolationMinutes();
          logV += Math.log(v);
          n++;
          System.out.printf(
              Locale.ROOT,
              "%-7s seed %4s day %2s | hpa %6.1f / %7.1f | pred %6.1f / %7.1f | oracle %5.1f /"
                  + " %7.1f | viol x%.3f rh x%.4f%n",
              f,
              s,
              d,
              h.sloViolationMinutes(),
              h.replicaHours(),
              p.sloViolationMinutes(),
              p.replicaHours(),
              o.sloViolationMinutes(),
              o.replicaHours(),
              v,
              p.replicaHours() / h.replicaHours());
        }
      }
    }
    System.out.printf(Locale.ROOT, "geomean viol x%.3f%n", Math.exp(logV / n));
  }
}

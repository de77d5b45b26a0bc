package io.autoagent.guardian.sim;

import io.autoagent.guardian.backtest.Backtest;
import io.autoagent.guardian.backtest.LoadScale;
import io.autoagent.guardian.config.GuardianConfig;
import io.autoagent.guardian.decision.PredictiveSettings;
import java.util.List;
import java.util.Locale;

/** Tuning harness: java -cp ... Bench [seeds] ; prints hpa vs predictive per window. */
final class Bench {
  public static void main(String[] args) {
    long[] seeds = args.length > 0
        ? java.util.Arrays.stream(args[0].split(",")).mapToLong(Long::parseLong).toArray()
        : new long[] {1, 2, 3};
    PredictiveSettings s = PredictiveSettings.DEFAULTS;
    if (args.length > 1) {
      String[] p = args[1].split(",");
      s = new PredictiveSettings(Double.parseDouble(p[0]), Double.parseDouble(p[1]),
          Double.parseDouble(p[2]), Double.parseDouble(p[3]), Integer.parseInt(p[4]),
          Integer.parseInt(p[5]), 300, p.length > 6 ? Double.parseDouble(p[6]) : 0);
    }
    List<String> policies = args.length > 2 ? List.of(args[2].split(",")) : List.of("hpa", "predictive", "oracle");
    double worstV = 0, worstR = 0;
    for (long seed : seeds) {
      for (TrafficTrace t : List.of(SyntheticTraces.webServer(seed), SyntheticTraces.socialStream(seed))) {
        for (int from : new int[] {0, 7, 14}) {
          Backtest b = new Backtest(ServiceModel.DEFAULTS, new LoadScale.PeakReplicas(7), policies,
              GuardianConfig.defaults(), s, from, 14);
          Backtest.Report r = b.run(t);
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-18s d%-2d", t.name(), from));
          SimResult hpa = r.results().get(0);
          for (SimResult x : r.results()) {
            line.append(String.format(Locale.ROOT, " | %s %6.1f %7.1f %5d", x.policy(), x.sloViolationMinutes(), x.replicaHours(), x.scaleChanges()));
          }
          SimResult p = r.results().get(1);
          double v = p.sloViolationMinutes() / hpa.sloViolationMinutes();
          double rh = p.replicaHours() / hpa.replicaHours();
          worstV = Math.max(worstV, v);
          worstR = Math.max(worstR, rh);
          line.append(String.format(Locale.ROOT, " || v %.2f rh %.3f", v, rh));
          System.out.println(line);
        }
      }
    }
    System.out.printf(Locale.ROOT, "WORST v %.2f rh %.3f%n", worstV, worstR);
  }
}

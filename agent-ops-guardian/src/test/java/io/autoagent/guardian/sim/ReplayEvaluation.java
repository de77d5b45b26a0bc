package io.autoagent.guardian.sim;

import io.autoagent.guardian.config.GuardianConfig;
import io.autoagent.guardian.decision.ForecastSettings;
import io.autoagent.guardian.decision.Mode;
import io.autoagent.guardian.decision.Thresholds;
import io.autoagent.guardian.decision.WorkloadPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Runs every policy over every trace and prints a Markdown table. Run {@link #main} from the IDE
 * or with {@code mvn -pl agent-ops-guardian test -Dtest=ReplayEvaluationTest}.
 */
final class ReplayEvaluation {

  static final long SEED = 20260525L;
  static final int FIXED_REPLICAS = 7;
  static final int INITIAL = 2;

  static final String FIXED = "fixed";
  static final String HPA = "hpa";
  static final String RULES_CONSERVATIVE = "rules-conservative";
  static final String RULES = "rules";
  static final String PREDICTIVE = "predictive";

  private ReplayEvaluation() {}

  /** Our own policy's settings: the only thing tuned against the traces. */
  static GuardianConfig tuned(boolean predictive) {
    Thresholds thresholds = Thresholds.DEFAULTS.withDownCpuPercent(55).withTargetCpuPercent(70);
    ForecastSettings f = ForecastSettings.DEFAULTS;
    ForecastSettings forecast = new ForecastSettings(
        Duration.ofMinutes(10), f.bucket(), f.maxMape(), f.mapeWindow(), f.mapeMinSamples());
    WorkloadPolicy policy = WorkloadPolicy.DEFAULTS.withMode(Mode.AGGRESSIVE)
        .withPredictive(predictive);
    return GuardianConfig.defaults().withThresholds(thresholds).withForecast(forecast)
        .withDefaultPolicy(policy);
  }

  static List<Named> policies() {
    return List.of(
        new Named(FIXED, () -> new FixedPolicy(FIXED_REPLICAS)),
        new Named(HPA, () -> new HpaLikePolicy(1, 10, INITIAL)),
        new Named(RULES_CONSERVATIVE, () -> new GuardianPolicy(
            "rules, seed defaults (conservative)", GuardianConfig.defaults(), INITIAL)),
        new Named(RULES, () -> new GuardianPolicy("rules (aggressive)", tuned(false), INITIAL)),
        new Named(PREDICTIVE, () -> new GuardianPolicy(
            "rules + prediction (aggressive)", tuned(true), INITIAL)));
  }

  static List<TrafficTrace> traces() {
    return List.of(Traces.seasonal(SEED), Traces.spike(SEED), Traces.decline(SEED));
  }

  static List<Row> runAll() {
    List<Row> rows = new ArrayList<>();
    for (TrafficTrace trace : traces()) {
      for (Named named : policies()) {
        rows.add(new Row(named.key(), ReplaySimulator.run(trace, named.policy().get())));
      }
    }
    return rows;
  }

  static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| trace | policy | SLO-violation min | replica-hours | changes |\n");
    out.append("|---|---|---:|---:|---:|\n");
    for (Row row : rows) {
      SimResult r = row.result();
      out.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %d |%n",
          r.trace(), r.policy(), r.sloViolationMinutes(), r.replicaHours(), r.changes()));
    }
    return out.toString();
  }

  public static void main(String[] args) {
    long start = System.nanoTime();
    List<Row> rows = runAll();
    System.out.print(table(rows));
    System.out.printf(Locale.ROOT, "%n%d days per trace, seed %d, %.1f s%n", Traces.DAYS, SEED,
        (System.nanoTime() - start) / 1e9);
  }

  record Named(String key, Supplier<ScalingPolicy> policy) {}

  record Row(String key, SimResult result) {}
}

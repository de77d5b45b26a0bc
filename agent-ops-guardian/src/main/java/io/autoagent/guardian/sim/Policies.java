package io.autoagent.guardian.sim;

import io.autoagent.guardian.config.GuardianConfig;
import io.autoagent.guardian.decision.ForecastSettings;
import io.autoagent.guardian.decision.Mode;
import io.autoagent.guardian.decision.PredictiveSettings;
import io.autoagent.guardian.decision.Thresholds;
import io.autoagent.guardian.decision.WorkloadPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The policies a backtest compares, by the names the command line takes:
 *
 * <ul>
 *   <li>{@code hpa}: the Kubernetes HPA on CPU with its real defaults ({@link HpaPolicy});
 *   <li>{@code rules}: the Guardian's reactive rules, aggressive mode, no prediction;
 *   <li>{@code predictive}: the quantile forecast on top of the rules ({@link PredictivePolicy});
 *   <li>{@code seed-defaults}: the Guardian with every setting at its default (conservative);
 *   <li>{@code holt-winters}: the rules plus the earlier Holt-Winters prediction, for comparison;
 *   <li>{@code oracle}: knows the coming load, the lower bound ({@link OraclePolicy}).
 * </ul>
 */
public final class Policies {

  public static final String HPA = "hpa";
  public static final String RULES = "rules";
  public static final String PREDICTIVE = "predictive";
  public static final String SEED_DEFAULTS = "seed-defaults";
  public static final String HOLT_WINTERS = "holt-winters";
  public static final String ORACLE = "oracle";

  /** Every policy, in report order. */
  public static final List<String> ALL =
      List.of(HPA, RULES, PREDICTIVE, SEED_DEFAULTS, ORACLE, HOLT_WINTERS);

  private Policies() {}

  /**
   * A fresh policy by name.
   *
   * @param base the Guardian configuration the engine-based policies start from (a workload's own
   *     settings with {@code --config})
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static ScalingPolicy create(
      String name, GuardianConfig base, PredictiveSettings predictive) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case HPA -> new HpaPolicy(HPA);
      case RULES -> new EnginePolicy(RULES, aggressive(base, false));
      case PREDICTIVE -> new PredictivePolicy(PREDICTIVE, predictive);
      case SEED_DEFAULTS -> new EnginePolicy(SEED_DEFAULTS, base);
      case HOLT_WINTERS -> new EnginePolicy(HOLT_WINTERS, aggressive(base, true));
      case ORACLE -> new OraclePolicy(ORACLE);
      default ->
          throw new IllegalArgumentException(
              "unknown policy '" + name + "'; known: " + String.join(",", ALL));
    };
  }

  /** The rules in aggressive mode, sized for 70 % CPU, scaling down below 55 %. */
  static GuardianConfig aggressive(GuardianConfig base, boolean predictive) {
    Thresholds thresholds = base.thresholds().withDownCpuPercent(55).withTargetCpuPercent(70);
    ForecastSettings f = base.forecast();
    ForecastSettings forecast =
        new ForecastSettings(
            Duration.ofMinutes(10), f.bucket(), f.maxMape(), f.mapeWindow(), f.mapeMinSamples());
    WorkloadPolicy policy =
        base.defaultPolicy().withMode(Mode.AGGRESSIVE).withPredictive(predictive);
    return base.withThresholds(thresholds)
        .withForecast(forecast.withQuantile(false))
        .withDefaultPolicy(policy);
  }
}

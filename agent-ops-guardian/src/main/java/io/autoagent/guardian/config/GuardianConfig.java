package io.autoagent.guardian.config;

import io.autoagent.core.config.Env;
import io.autoagent.guardian.calendar.CalendarConfig;
import io.autoagent.guardian.decision.Damping;
import io.autoagent.guardian.decision.ForecastSettings;
import io.autoagent.guardian.decision.Mode;
import io.autoagent.guardian.decision.PredictiveSettings;
import io.autoagent.guardian.decision.Thresholds;
import io.autoagent.guardian.decision.WorkloadPolicy;
import io.autoagent.guardian.signals.WorkloadRef;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * The Ops Guardian's decision configuration. {@link #fromEnv(Map)} reads the environment; every key
 * is optional and defaults to the seed's values.
 *
 * @param thresholds rule thresholds
 * @param damping stabilization windows, step limits and cooldowns
 * @param calendar business calendar
 * @param forecast prediction settings
 * @param defaultPolicy policy for workloads without an override
 * @param policies per-workload overrides
 * @param advisorTimeout how long the optional advisor may take before rules decide alone (5 s)
 * @param advisorMinConfidence advice below this confidence is ignored (0.6)
 */
public record GuardianConfig(
    Thresholds thresholds,
    Damping damping,
    CalendarConfig calendar,
    ForecastSettings forecast,
    WorkloadPolicy defaultPolicy,
    Map<WorkloadRef, WorkloadPolicy> policies,
    Duration advisorTimeout,
    double advisorMinConfidence) {

  public static final String TIMEZONE = "GUARDIAN_TIMEZONE";
  public static final String MODE = "GUARDIAN_MODE";
  public static final String MIN_REPLICAS = "GUARDIAN_MIN_REPLICAS";
  public static final String MAX_REPLICAS = "GUARDIAN_MAX_REPLICAS";
  public static final String SHADOW = "GUARDIAN_SHADOW";
  public static final String PREDICTIVE = "GUARDIAN_PREDICTIVE";
  public static final String FORECAST_MINUTES = "FORECAST_MINUTES";
  public static final String FORECAST_MAX_MAPE = "GUARDIAN_FORECAST_MAX_MAPE";
  public static final String FORECAST_METHOD = "GUARDIAN_FORECAST_METHOD";
  public static final String BUDGET_RATIO = "GUARDIAN_BUDGET_RATIO";
  public static final String UP_CPU = "GUARDIAN_SCALE_UP_CPU_PERCENT";
  public static final String DOWN_CPU = "GUARDIAN_SCALE_DOWN_CPU_PERCENT";
  public static final String TARGET_CPU = "GUARDIAN_TARGET_CPU_PERCENT";
  public static final String CPU_GATING = "GUARDIAN_REQUIRE_CPU_AND_ANOTHER";
  public static final String DOWN_STABILIZATION_S = "GUARDIAN_DOWN_STABILIZATION_S";
  public static final String ADVISOR_TIMEOUT_MS = "GUARDIAN_ADVISOR_TIMEOUT_MS";

  public static final Duration DEFAULT_ADVISOR_TIMEOUT = Duration.ofSeconds(5);
  public static final double DEFAULT_ADVISOR_MIN_CONFIDENCE = 0.6;

  public GuardianConfig {
    Objects.requireNonNull(thresholds, "thresholds");
    Objects.requireNonNull(damping, "damping");
    Objects.requireNonNull(calendar, "calendar");
    Objects.requireNonNull(forecast, "forecast");
    Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    policies = policies == null ? Map.of() : Map.copyOf(policies);
    Objects.requireNonNull(advisorTimeout, "advisorTimeout");
  }

  public static GuardianConfig defaults() {
    return new GuardianConfig(
        Thresholds.DEFAULTS,
        Damping.DEFAULTS,
        CalendarConfig.defaults(),
        ForecastSettings.DEFAULTS,
        WorkloadPolicy.DEFAULTS,
        Map.of(),
        DEFAULT_ADVISOR_TIMEOUT,
        DEFAULT_ADVISOR_MIN_CONFIDENCE);
  }

  public WorkloadPolicy policyFor(WorkloadRef workload) {
    return policies.getOrDefault(workload, defaultPolicy);
  }

  public GuardianConfig withThresholds(Thresholds value) {
    return new GuardianConfig(
        value,
        damping,
        calendar,
        forecast,
        defaultPolicy,
        policies,
        advisorTimeout,
        advisorMinConfidence);
  }

  public GuardianConfig withDamping(Damping value) {
    return new GuardianConfig(
        thresholds,
        value,
        calendar,
        forecast,
        defaultPolicy,
        policies,
        advisorTimeout,
        advisorMinConfidence);
  }

  public GuardianConfig withCalendar(CalendarConfig value) {
    return new GuardianConfig(
        thresholds,
        damping,
        value,
        forecast,
        defaultPolicy,
        policies,
        advisorTimeout,
        advisorMinConfidence);
  }

  public GuardianConfig withForecast(ForecastSettings value) {
    return new GuardianConfig(
        thresholds,
        damping,
        calendar,
        value,
        defaultPolicy,
        policies,
        advisorTimeout,
        advisorMinConfidence);
  }

  public GuardianConfig withDefaultPolicy(WorkloadPolicy value) {
    return new GuardianConfig(
        thresholds,
        damping,
        calendar,
        forecast,
        value,
        policies,
        advisorTimeout,
        advisorMinConfidence);
  }

  public GuardianConfig withPolicies(Map<WorkloadRef, WorkloadPolicy> value) {
    return new GuardianConfig(
        thresholds,
        damping,
        calendar,
        forecast,
        defaultPolicy,
        value,
        advisorTimeout,
        advisorMinConfidence);
  }

  /**
   * Reads the configuration from environment variables. Per-workload overrides are not read here;
   * the runtime adds them with {@link #withPolicies(Map)}.
   *
   * @throws IllegalArgumentException naming the variable whose value is invalid (a {@link
   *     io.autoagent.core.config.ConfigException} for a value that does not parse)
   */
  public static GuardianConfig fromEnv(Map<String, String> env) {
    GuardianConfig d = defaults();
    Env e = new Env(env);
    Thresholds t = d.thresholds();
    Thresholds thresholds =
        new Thresholds(
            e.parse(UP_CPU, t.upCpuPercent(), Double::parseDouble, "a number"),
            t.upMemoryPercent(),
            t.upLatencyMs(),
            t.upErrorPercent(),
            e.parse(DOWN_CPU, t.downCpuPercent(), Double::parseDouble, "a number"),
            t.downMemoryPercent(),
            t.downLatencyMs(),
            t.downErrorPercent(),
            e.bool(CPU_GATING, t.requireCpuAndAnother()),
            e.parse(TARGET_CPU, t.targetCpuPercent(), Double::parseDouble, "a number"));
    Damping dd = d.damping();
    Damping damping =
        new Damping(
            dd.upStabilization(),
            Duration.ofSeconds(
                e.atLeast(DOWN_STABILIZATION_S, dd.downStabilization().toSeconds(), 0)),
            dd.maxStepReplicas(),
            dd.maxStepPercent(),
            dd.stepPeriod(),
            dd.upCooldown(),
            dd.downCooldown());
    ForecastSettings f = d.forecast();
    ForecastSettings forecast =
        new ForecastSettings(
            Duration.ofMinutes(e.atLeast(FORECAST_MINUTES, f.horizon().toMinutes(), 1)),
            f.bucket(),
            e.parse(FORECAST_MAX_MAPE, f.maxMape(), Double::parseDouble, "a number"),
            f.mapeWindow(),
            f.mapeMinSamples(),
            e.parse(
                FORECAST_METHOD,
                f.quantile(),
                GuardianConfig::quantileMethod,
                "quantile or holt-winters"),
            e.parse(
                BUDGET_RATIO,
                f.budgetRatio(),
                v -> PredictiveSettings.parseBudgetRatio(BUDGET_RATIO, v),
                "0 (no pod budget) or between 0.5 and 2"));
    WorkloadPolicy p = d.defaultPolicy();
    WorkloadPolicy policy =
        new WorkloadPolicy(
            e.parse(MIN_REPLICAS, p.minReplicas(), Integer::parseInt, "an integer"),
            e.parse(MAX_REPLICAS, p.maxReplicas(), Integer::parseInt, "an integer"),
            e.parse(
                MODE,
                p.mode(),
                s -> Mode.valueOf(s.toUpperCase(java.util.Locale.ROOT)),
                "conservative or aggressive"),
            e.bool(SHADOW, p.shadow()),
            e.bool(PREDICTIVE, p.predictive()),
            p.calendarFloors());
    ZoneId zone =
        e.parse(
            TIMEZONE, CalendarConfig.DEFAULT_ZONE, ZoneId::of, "a time zone such as Europe/Paris");
    return new GuardianConfig(
        thresholds,
        damping,
        CalendarConfig.defaults(zone),
        forecast,
        policy,
        Map.of(),
        Duration.ofMillis(e.atLeast(ADVISOR_TIMEOUT_MS, d.advisorTimeout().toMillis(), 0)),
        d.advisorMinConfidence());
  }

  private static boolean quantileMethod(String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "quantile" -> true;
      case "holt-winters" -> false;
      default -> throw new IllegalArgumentException("must be quantile or holt-winters");
    };
  }
}

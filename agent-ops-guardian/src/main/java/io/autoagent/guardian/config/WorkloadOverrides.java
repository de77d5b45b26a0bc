package io.autoagent.guardian.config;

import io.autoagent.guardian.decision.Mode;
import io.autoagent.guardian.decision.PredictiveSettings;
import io.autoagent.guardian.decision.WorkloadPolicy;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A workload's own policy, from annotations on its Deployment (every one optional):
 *
 * <ul>
 *   <li>{@code ops-guardian.autoagent.io/min}, {@code .../max}: replica bounds;
 *   <li>{@code ops-guardian.autoagent.io/mode}: {@code conservative} or {@code aggressive};
 *   <li>{@code ops-guardian.autoagent.io/slo-ms}: the latency objective; above it the rules scale
 *       up (their latency threshold), and the predictive scaler plans, reacts and sizes for just
 *       below the utilisation that meets it ({@code PredictiveSettings#forLatencyObjective}: 86 %
 *       for 500 ms or looser, 80 % for 300 ms);
 *   <li>{@code ops-guardian.autoagent.io/promql}: this workload's request-rate query (requests per
 *       second), instead of the default one;
 *   <li>{@code ops-guardian.autoagent.io/budget-ratio}: the predictive scaler's pod budget, a share
 *       of the replicas a Kubernetes HPA would keep (0: none), instead of GUARDIAN_BUDGET_RATIO.
 * </ul>
 *
 * @param min lower bound, or null
 * @param max upper bound, or null
 * @param mode mode, or null
 * @param sloMs latency objective in ms, or null
 * @param promql request-rate query, or null
 * @param budgetRatio pod budget of the predictive scaler, or null
 */
public record WorkloadOverrides(
    Integer min, Integer max, Mode mode, Double sloMs, String promql, Double budgetRatio) {

  public static final String PREFIX = "ops-guardian.autoagent.io/";
  public static final String MIN = PREFIX + "min";
  public static final String MAX = PREFIX + "max";
  public static final String MODE = PREFIX + "mode";
  public static final String SLO_MS = PREFIX + "slo-ms";
  public static final String PROMQL = PREFIX + "promql";
  public static final String BUDGET_RATIO = PREFIX + "budget-ratio";

  public static final WorkloadOverrides NONE =
      new WorkloadOverrides(null, null, null, null, null, null);

  public WorkloadOverrides(Integer min, Integer max, Mode mode, Double sloMs, String promql) {
    this(min, max, mode, sloMs, promql, null);
  }

  public WorkloadOverrides {
    if (min != null && min < 1) {
      throw new IllegalArgumentException(MIN + " must be at least 1: " + min);
    }
    if (max != null && max < 1) {
      throw new IllegalArgumentException(MAX + " must be at least 1: " + max);
    }
    if (min != null && max != null && max < min) {
      throw new IllegalArgumentException(MAX + " (" + max + ") is below " + MIN + " (" + min + ")");
    }
    if (sloMs != null && !(sloMs > 0)) {
      throw new IllegalArgumentException(SLO_MS + " must be positive: " + sloMs);
    }
    if (sloMs != null && !Double.isFinite(sloMs)) {
      throw new IllegalArgumentException(SLO_MS + " must be a finite number of ms: " + sloMs);
    }
    promql = promql == null || promql.isBlank() ? null : promql.trim();
    if (budgetRatio != null) {
      PredictiveSettings.checkBudgetRatio(BUDGET_RATIO, budgetRatio);
    }
  }

  /**
   * Reads the annotations; unrelated keys are ignored.
   *
   * @throws IllegalArgumentException naming the annotation whose value is invalid
   */
  public static WorkloadOverrides from(Map<String, String> annotations) {
    if (annotations == null || annotations.isEmpty()) {
      return NONE;
    }
    return new WorkloadOverrides(
        integer(annotations, MIN),
        integer(annotations, MAX),
        mode(annotations),
        number(annotations, SLO_MS),
        annotations.get(PROMQL),
        number(annotations, BUDGET_RATIO));
  }

  public boolean isEmpty() {
    return equals(NONE);
  }

  public Optional<String> query() {
    return Optional.ofNullable(promql);
  }

  /** The policy with these overrides applied; a bound given alone keeps the other one valid. */
  public WorkloadPolicy applyTo(WorkloadPolicy policy) {
    WorkloadPolicy p = policy;
    if (min != null || max != null) {
      int lo = min != null ? min : Math.min(p.minReplicas(), max);
      int hi = max != null ? max : Math.max(p.maxReplicas(), min);
      p = p.withBounds(lo, hi);
    }
    return mode == null ? p : p.withMode(mode);
  }

  private static Integer integer(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not a whole number: '" + v + "'");
    }
  }

  private static Double number(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not a number: '" + v + "'");
    }
  }

  private static Mode mode(Map<String, String> a) {
    String v = a.get(MODE);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Mode.valueOf(v.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(MODE + " must be conservative or aggressive: '" + v + "'");
    }
  }
}

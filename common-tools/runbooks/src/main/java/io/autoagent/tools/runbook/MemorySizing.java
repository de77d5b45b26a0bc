package io.autoagent.tools.runbook;

import io.autoagent.core.text.Quantities;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one memory-sizing function: how much a raise by a percentage is, and where a raise stops (the
 * policy's {@code bumpMemoryPercent} over the current limit, then the runbook's ceiling). The
 * planner's {@code computed.raised_memory_limit}, the live {@code raise_memory_limit} action and
 * the pull request that proposes a raise all size it here, so they agree to the mebibyte.
 */
public final class MemorySizing {

  /** What stopped a raise short of its target. */
  public enum Cap {
    NONE,
    POLICY,
    CEILING
  }

  /**
   * A sized limit.
   *
   * @param bytes the new limit in bytes, before rounding to whole mebibytes
   * @param cap what capped it, if anything
   */
  public record Raise(long bytes, Cap cap) {
    /**
     * The limit as the API writes it, in whole mebibytes: rounded up when nothing capped it, down
     * when a cap did (a limit never lands above its cap).
     */
    public String limit() {
      return Quantities.mebibytes(
          BigDecimal.valueOf(bytes), cap == Cap.NONE ? RoundingMode.CEILING : RoundingMode.FLOOR);
    }
  }

  private MemorySizing() {}

  /** {@code bytes} raised by {@code percent}, rounded up to a whole byte. */
  public static long raisedBy(long bytes, long percent) {
    return BigDecimal.valueOf(bytes)
        .multiply(BigDecimal.valueOf(100 + percent))
        .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING)
        .longValueExact();
  }

  /** The most a policy allows: {@code current} plus {@code percent}, rounded down. */
  public static long policyMost(long current, long percent) {
    return BigDecimal.valueOf(current)
        .multiply(BigDecimal.valueOf(100 + percent))
        .divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR)
        .longValueExact();
  }

  /**
   * Caps a wanted limit: first at the policy's percentage over the current limit (when both are
   * given), then at the ceiling.
   *
   * @param target the wanted limit in bytes
   * @param current the current limit in bytes; null when unknown (then no policy cap applies)
   * @param policyPercent the policy's {@code bumpMemoryPercent}; null when the policy sets none
   * @param ceiling the runbook's ceiling in bytes; {@link Long#MAX_VALUE} when none
   */
  public static Raise cap(long target, Long current, Integer policyPercent, long ceiling) {
    long bytes = target;
    Cap cap = Cap.NONE;
    if (policyPercent != null && current != null && bytes > policyMost(current, policyPercent)) {
      bytes = policyMost(current, policyPercent);
      cap = Cap.POLICY;
    }
    if (bytes > ceiling) {
      bytes = ceiling;
      cap = Cap.CEILING;
    }
    return new Raise(bytes, cap);
  }
}

package io.autoagent.guardian.signals;

import java.util.OptionalDouble;

/**
 * Application signals, usually from Prometheus. Every field is optional ({@code null} when the
 * source has no such series or is unreachable); rules treat a missing signal as neither high nor
 * low.
 *
 * @param requestRate requests per second across the workload
 * @param errorRatePercent failed requests, in percent of all requests (0 to 100)
 * @param latencyP95Ms 95th percentile latency in milliseconds
 * @param latencyAvgMs average latency in milliseconds
 * @param queueDepth messages or jobs waiting
 */
public record AppSignals(
    Double requestRate,
    Double errorRatePercent,
    Double latencyP95Ms,
    Double latencyAvgMs,
    Double queueDepth) {

  /** No application signals at all: the workload is judged on Kubernetes signals only. */
  public static final AppSignals NONE = new AppSignals(null, null, null, null, null);

  public AppSignals {
    requestRate = finiteOrNull(requestRate);
    errorRatePercent = finiteOrNull(errorRatePercent);
    latencyP95Ms = finiteOrNull(latencyP95Ms);
    latencyAvgMs = finiteOrNull(latencyAvgMs);
    queueDepth = finiteOrNull(queueDepth);
  }

  /** The latency the rules judge: p95 when known, else the average. */
  public OptionalDouble latencyMs() {
    if (latencyP95Ms != null) {
      return OptionalDouble.of(latencyP95Ms);
    }
    return latencyAvgMs == null ? OptionalDouble.empty() : OptionalDouble.of(latencyAvgMs);
  }

  private static Double finiteOrNull(Double value) {
    return value == null || value.isNaN() || value.isInfinite() || value < 0 ? null : value;
  }
}

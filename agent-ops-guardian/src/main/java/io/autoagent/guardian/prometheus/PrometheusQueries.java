package io.autoagent.guardian.prometheus;

import io.autoagent.guardian.signals.WorkloadRef;

/**
 * PromQL expressions for one workload; {@code {namespace}} and {@code {workload}} are replaced
 * before querying. A null expression is not queried and its signal stays missing.
 *
 * @param requestRate requests per second
 * @param errorRatePercent failed requests in percent
 * @param latencyP95Ms p95 latency in milliseconds
 * @param latencyAvgMs average latency in milliseconds
 * @param queueDepth waiting jobs or messages
 */
public record PrometheusQueries(
    String requestRate,
    String errorRatePercent,
    String latencyP95Ms,
    String latencyAvgMs,
    String queueDepth) {

  private static final String SELECTOR = "namespace=\"{namespace}\",service=\"{workload}\"";

  /** Conventional http_* metric names; override per workload where they differ. */
  public static final PrometheusQueries DEFAULTS =
      new PrometheusQueries(
          "sum(rate(http_requests_total{" + SELECTOR + "}[2m]))",
          "100 * sum(rate(http_requests_total{"
              + SELECTOR
              + ",code=~\"5..\"}[2m]))"
              + " / sum(rate(http_requests_total{"
              + SELECTOR
              + "}[2m]))",
          "1000 * histogram_quantile(0.95, sum by (le) (rate("
              + "http_request_duration_seconds_bucket{"
              + SELECTOR
              + "}[2m])))",
          "1000 * sum(rate(http_request_duration_seconds_sum{"
              + SELECTOR
              + "}[2m]))"
              + " / sum(rate(http_request_duration_seconds_count{"
              + SELECTOR
              + "}[2m]))",
          null);

  /** The same queries with another request-rate expression. */
  public PrometheusQueries withRequestRate(String expression) {
    return new PrometheusQueries(
        expression, errorRatePercent, latencyP95Ms, latencyAvgMs, queueDepth);
  }

  static String expand(String template, WorkloadRef ref) {
    return template.replace("{namespace}", ref.namespace()).replace("{workload}", ref.name());
  }
}

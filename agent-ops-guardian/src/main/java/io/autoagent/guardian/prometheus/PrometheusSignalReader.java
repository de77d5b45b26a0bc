package io.autoagent.guardian.prometheus;

import io.autoagent.core.AgentException;
import io.autoagent.guardian.signals.AppSignalReader;
import io.autoagent.guardian.signals.AppSignals;
import io.autoagent.guardian.signals.WorkloadRef;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Application signals from Prometheus, one instant query per signal. A failing query leaves its
 * signal missing (and is logged at warn); the Guardian then decides on what remains, down to
 * Kubernetes signals alone.
 */
public final class PrometheusSignalReader implements AppSignalReader {

  private static final Logger log = LoggerFactory.getLogger(PrometheusSignalReader.class);

  private final PrometheusClient client;
  private final PrometheusQueries defaults;
  private final Map<WorkloadRef, PrometheusQueries> overrides;

  public PrometheusSignalReader(
      PrometheusClient client,
      PrometheusQueries defaults,
      Map<WorkloadRef, PrometheusQueries> overrides) {
    this.client = Objects.requireNonNull(client, "client");
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.overrides = Map.copyOf(overrides);
  }

  @Override
  public AppSignals read(WorkloadRef workload) {
    return read(workload, Optional.empty());
  }

  @Override
  public AppSignals read(WorkloadRef workload, Optional<String> requestRateQuery) {
    PrometheusQueries configured = overrides.getOrDefault(workload, defaults);
    PrometheusQueries q = requestRateQuery.map(configured::withRequestRate).orElse(configured);
    return new AppSignals(
        value(workload, "request rate", q.requestRate()),
        value(workload, "error rate", q.errorRatePercent()),
        value(workload, "latency p95", q.latencyP95Ms()),
        value(workload, "latency avg", q.latencyAvgMs()),
        value(workload, "queue depth", q.queueDepth()));
  }

  private Double value(WorkloadRef workload, String signal, String template) {
    if (template == null) {
      return null;
    }
    try {
      OptionalDouble v = client.query(PrometheusQueries.expand(template, workload));
      return v.isPresent() ? v.getAsDouble() : null;
    } catch (AgentException e) {
      log.warn("{} for {} unavailable: {}", signal, workload, e.getMessage());
      return null;
    }
  }
}

package io.autoagent.tools.escalation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters of actions taken and incidents seen. Micrometer names {@code auto_agent_actions} and
 * {@code auto_agent_incidents} come out in Prometheus as {@code auto_agent_actions_total{type,
 * namespace,workload}} and {@code auto_agent_incidents_total{reason,namespace,workload}}. Tags are
 * workloads, never pods. Thread-safe.
 */
public class IncidentMetrics {

  public static final String ACTIONS = "auto_agent_actions";
  public static final String INCIDENTS = "auto_agent_incidents";

  /** Counts nothing. */
  public static final IncidentMetrics NOOP = new IncidentMetrics(null);

  private final MeterRegistry registry;

  public IncidentMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** One action taken (a runbook, a notification, a ticket) of this {@code type}. */
  public void action(String type, String namespace, String workload) {
    if (registry != null) {
      Counter.builder(ACTIONS)
          .description("Actions taken by the agent")
          .tags("type", type, "namespace", namespace, "workload", workload)
          .register(registry)
          .increment();
    }
  }

  /** One incident (an analysis that is not healthy) with this root-cause {@code reason}. */
  public void incident(String reason, String namespace, String workload) {
    if (registry != null) {
      Counter.builder(INCIDENTS)
          .description("Incidents analysed by the agent")
          .tags("reason", reason, "namespace", namespace, "workload", workload)
          .register(registry)
          .increment();
    }
  }
}

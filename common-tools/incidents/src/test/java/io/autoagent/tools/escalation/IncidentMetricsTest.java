package io.autoagent.tools.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class IncidentMetricsTest {

  @Test
  void exposesTheSeedsPrometheusNames() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    IncidentMetrics metrics = new IncidentMetrics(registry);

    metrics.action("restart-pods", "shop", "payments");
    metrics.incident("CrashLoopBackOff", "shop", "payments");
    metrics.incident("CrashLoopBackOff", "shop", "payments");

    String text = registry.scrape();
    assertThat(text)
        .contains(
            "auto_agent_actions_total{namespace=\"shop\",type=\"restart-pods\",workload=\"payments\"} 1.0",
            "auto_agent_incidents_total{namespace=\"shop\",reason=\"CrashLoopBackOff\",workload=\"payments\"} 2.0");
  }
}

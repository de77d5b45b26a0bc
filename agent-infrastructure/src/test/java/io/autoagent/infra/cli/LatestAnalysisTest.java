package io.autoagent.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.core.json.Json;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatestAnalysisTest {

  private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

  private static JsonNode analysis() throws Exception {
    return Json.newMapper()
        .readTree(
            """
        {"type": "infrastructure_analysis", "alert_id": "a-1", "namespace": "shop", "service": "cart",
         "recommendations": [
           {"runbook_id": "restart-crashlooping-pods", "parameters": {}},
           {"runbook_id": "increase-memory-limit",
            "parameters": {"memory_limit": "768Mi", "container": "app", "replicas": 3, "limits": {"cpu": "1"}}}]}
        """);
  }

  @Test
  void takesTheParametersOfTheRecommendationForTheRunbook() throws Exception {
    LatestAnalysis latest = LatestAnalysis.of(analysis(), AT, "increase-memory-limit");

    assertThat(latest.recommended()).isTrue();
    assertThat(latest.alertId()).isEqualTo("a-1");
    assertThat(latest.parameters())
        .isEqualTo(
            Map.of(
                "memory_limit",
                "768Mi",
                "container",
                "app",
                "replicas",
                "3",
                "limits",
                "{\"cpu\":\"1\"}"));
  }

  @Test
  void saysWhenTheAnalysisDidNotRecommendTheRunbook() throws Exception {
    LatestAnalysis latest = LatestAnalysis.of(analysis(), AT, "scale-up");

    assertThat(latest.recommended()).isFalse();
    assertThat(latest.parameters()).isEmpty();
  }
}

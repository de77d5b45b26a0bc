package io.autoagent.tools.remediation.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoagent.tools.runbook.Runbook.Risk;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class InformerPolicySourceTest {

  KubernetesClient client;

  @Test
  void readsPoliciesFromTheClusterAsTheyAreCreated() {
    try (InformerPolicySource source = InformerPolicySource.start(client)) {
      GenericKubernetesResource policy =
          new GenericKubernetesResourceBuilder()
              .withApiVersion("autoagent.io/v1alpha1")
              .withKind("AutoRemediationPolicy")
              .withNewMetadata()
              .withName("api-prod")
              .withNamespace("prod")
              .endMetadata()
              .addToAdditionalProperties(
                  "spec",
                  Map.of(
                      "targetSelector", Map.of("matchLabels", Map.of("app", "api")),
                      "actions",
                          Map.of(
                              "restartStuckPods",
                              true,
                              "bumpMemoryPercent",
                              20,
                              "scale",
                              Map.of("enabled", true, "minReplicas", 3, "maxReplicas", 30)),
                      "escalation", Map.of("slackChannel", "#prod-incidents"),
                      "allowedRunbooks", List.of("scale-deployment"),
                      "mode", "live",
                      "requireApprovalAbove", "low"))
              .build();
      client
          .genericKubernetesResources(InformerPolicySource.CONTEXT)
          .inNamespace("prod")
          .resource(policy)
          .create();

      await().atMost(Duration.ofSeconds(10)).until(() -> !source.inNamespace("prod").isEmpty());
      RemediationPolicy p = source.inNamespace("prod").getFirst();

      assertThat(p.matches(Map.of("app", "api", "team", "core"))).isTrue();
      assertThat(p.matches(Map.of("app", "web"))).isFalse();
      assertThat(p.mode()).isEqualTo(RemediationPolicy.Mode.LIVE);
      assertThat(p.requireApprovalAbove()).isEqualTo(Risk.LOW);
      assertThat(p.scale()).isEqualTo(new RemediationPolicy.Scale(true, 3, 30));
      assertThat(p.bumpMemoryPercent()).isEqualTo(20);
      assertThat(p.allowedRunbooks()).containsExactly("scale-deployment");
      assertThat(source.inNamespace("other")).isEmpty();
    }
  }
}

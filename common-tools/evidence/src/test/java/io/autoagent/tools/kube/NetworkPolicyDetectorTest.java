package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.NetworkFixtures.NS;
import static io.autoagent.tools.kube.NetworkFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NetworkPolicies that select checkout's pods and admit nothing on its Service's target port
 * (8080/http).
 */
class NetworkPolicyDetectorTest {

  private static final LabelSelector ALL = new LabelSelector();
  private static final LabelSelector CHECKOUT =
      new LabelSelectorBuilder().withMatchLabels(Map.of("app", "checkout")).build();

  private static NetworkPolicy policy(
      String name, LabelSelector selector, List<String> types, NetworkPolicyIngressRule... rules) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withPodSelector(selector)
        .withPolicyTypes(types)
        .withIngress(rules)
        .endSpec()
        .build();
  }

  private static NetworkPolicyIngressRule allowPort(IntOrString port, Integer endPort) {
    return new NetworkPolicyIngressRuleBuilder()
        .addNewFrom()
        .withNewNamespaceSelector()
        .withMatchLabels(Map.of("name", "ingress-nginx"))
        .endNamespaceSelector()
        .endFrom()
        .addToPorts(
            new NetworkPolicyPortBuilder()
                .withPort(port)
                .withEndPort(endPort)
                .withProtocol("TCP")
                .build())
        .build();
  }

  private static List<Finding> detect(NetworkPolicy... policies) {
    return new NetworkPolicyDetector()
        .detect(
            snapshot(new NetworkSnapshot(null, null, null, null, null, List.of(policies), null)));
  }

  @Test
  void aDefaultDenyPolicySelectingEveryPodBlocksTheServicePort() {
    assertThat(detect(policy("default-deny", ALL, List.of("Ingress"))))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.NETWORK);
              assertThat(f.resource()).isEqualTo("NetworkPolicy/shop/default-deny");
              assertThat(f.attributes())
                  .containsEntry(ServiceDetector.ATTR_PROBLEM, "network_policy_default_deny");
              assertThat(f.message()).contains("port 8080 (http)/TCP").contains("Service checkout");
            });
  }

  @Test
  void anAllowListThatMissesTheTargetPortBlocksIt() {
    assertThat(
            detect(
                policy(
                    "allow-metrics",
                    CHECKOUT,
                    List.of("Ingress"),
                    allowPort(new IntOrString(9090), null))))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.attributes())
                  .containsEntry(ServiceDetector.ATTR_PROBLEM, "network_policy_port");
              assertThat(f.evidence()).anyMatch(l -> l.contains("ingress rules allow [9090/TCP]"));
            });
  }

  @Test
  void aPolicyWithoutPolicyTypesStillRestrictsIngressAndMatchExpressionsSelect() {
    LabelSelector in =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey("app")
            .withOperator("In")
            .withValues("checkout", "cart")
            .endMatchExpression()
            .build();
    assertThat(detect(policy("deny-shop", in, List.of()))).hasSize(1);
  }

  @Test
  void aPolicyAdmittingThePortByNumberRangeNameOrAllPortsIsFine() {
    NetworkPolicy deny = policy("default-deny", ALL, List.of("Ingress"));
    assertThat(
            detect(
                deny,
                policy(
                    "allow", CHECKOUT, List.of("Ingress"), allowPort(new IntOrString(8080), null))))
        .isEmpty();
    assertThat(
            detect(
                deny,
                policy(
                    "allow", CHECKOUT, List.of("Ingress"), allowPort(new IntOrString(8000), 8100))))
        .isEmpty();
    assertThat(
            detect(
                deny,
                policy(
                    "allow",
                    CHECKOUT,
                    List.of("Ingress"),
                    allowPort(new IntOrString("http"), null))))
        .isEmpty();
    NetworkPolicyIngressRule fromGateway =
        new NetworkPolicyIngressRuleBuilder()
            .addNewFrom()
            .withNewPodSelector()
            .withMatchLabels(Map.of("app", "gateway"))
            .endPodSelector()
            .endFrom()
            .build();
    assertThat(detect(deny, policy("allow", CHECKOUT, List.of("Ingress"), fromGateway))).isEmpty();
  }

  @Test
  void nearMissPoliciesSelectingOtherPodsOrOnlyEgressDoNotBlock() {
    LabelSelector billing =
        new LabelSelectorBuilder().withMatchLabels(Map.of("app", "billing")).build();
    assertThat(detect(policy("deny-billing", billing, List.of("Ingress")))).isEmpty();
    LabelSelector notCheckout =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey("app")
            .withOperator("NotIn")
            .withValues("checkout")
            .endMatchExpression()
            .build();
    assertThat(detect(policy("deny-others", notCheckout, List.of("Ingress")))).isEmpty();
    assertThat(detect(policy("egress-lockdown", ALL, List.of("Egress")))).isEmpty();
  }
}

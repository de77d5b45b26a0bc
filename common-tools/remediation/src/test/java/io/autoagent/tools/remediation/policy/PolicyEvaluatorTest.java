package io.autoagent.tools.remediation.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.remediation.Fixtures;
import io.autoagent.tools.runbook.Runbook;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {

  private static final Runbook SCALE = Fixtures.runbooks().apply("scale-deployment").orElseThrow();

  private static RemediationPolicy policy(String mode, List<String> allowed, Boolean scaling) {
    return new RemediationPolicy(
        "shop",
        "payments",
        Map.of("app", "payments"),
        null,
        null,
        new RemediationPolicy.Scale(scaling, null, null),
        Map.of("slackChannel", "#prod-incidents"),
        allowed,
        RemediationPolicy.Mode.parse(mode),
        null);
  }

  @Test
  void readsTheGitopsModeAndNeverTakesAnUnknownModeForLive() {
    assertThat(RemediationPolicy.Mode.parse("gitops")).isEqualTo(RemediationPolicy.Mode.GITOPS);
    assertThat(RemediationPolicy.Mode.parse(" GitOps ").wire()).isEqualTo("gitops");
    assertThat(RemediationPolicy.Mode.parse("yolo")).isEqualTo(RemediationPolicy.Mode.DRY_RUN);
  }

  @Test
  void allowsNoLiveRunInGitopsMode() {
    PolicyEvaluator evaluator =
        new PolicyEvaluator(PolicySource.of(List.of(policy("gitops", List.of(), true))));

    PolicyDecision decision = evaluator.evaluate("shop", Map.of("app", "payments"), SCALE);

    assertThat(decision.liveAllowed()).isFalse();
    assertThat(decision.reason()).contains("shop/payments", "mode gitops", "pull requests");
  }

  @Test
  void holdsEveryModeToItsAllowedRunbooksAndActionSwitches() {
    assertThat(PolicyEvaluator.refusal(policy("gitops", List.of("scale-deployment"), true), SCALE))
        .isNull();
    assertThat(
            PolicyEvaluator.refusal(
                policy("gitops", List.of("restart-crashlooping-pods"), true), SCALE))
        .contains("does not list scale-deployment");
    assertThat(PolicyEvaluator.refusal(policy("gitops", List.of(), false), SCALE))
        .contains("scale.enabled: false");
  }

  @Test
  void findsThePolicyMatchingAWorkloadsLabels() {
    PolicySource source = PolicySource.of(List.of(policy("live", List.of(), true)));

    assertThat(source.matching("shop", Map.of("app", "payments", "team", "core")))
        .hasValueSatisfying(
            p -> assertThat(p.escalation()).containsEntry("slackChannel", "#prod-incidents"));
    assertThat(source.matching("shop", Map.of("app", "web"))).isEmpty();
    assertThat(source.matching("prod", Map.of("app", "payments"))).isEmpty();
  }
}

package io.autoagent.tools.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorsTest {

  private static final Map<String, String> POD = Map.of("app", "web", "tier", "front", "x", "1");

  @Test
  void selectsAPodCarryingEveryKeyOfTheServiceSelectorWithItsValue() {
    assertThat(LabelSelectors.selects(Map.of("app", "web"), POD)).isTrue();
    assertThat(LabelSelectors.selects(Map.of("app", "web", "tier", "front"), POD)).isTrue();
  }

  @Test
  void selectsNoPodWhoseValueDiffersOrThatLacksAKey() {
    assertThat(LabelSelectors.selects(Map.of("app", "api"), POD)).isFalse();
    assertThat(LabelSelectors.selects(Map.of("app", "web", "track", "canary"), POD)).isFalse();
    assertThat(LabelSelectors.selects(Map.of("App", "web"), POD)).as("keys are exact").isFalse();
  }

  @Test
  void anAbsentOrEmptyServiceSelectorSelectsNothing() {
    // Kubernetes: a Service without a selector selects no pods (its endpoints are managed by hand)
    assertThat(LabelSelectors.selects(null, POD)).isFalse();
    assertThat(LabelSelectors.selects(Map.of(), POD)).isFalse();
    assertThat(LabelSelectors.selects(Map.of(), Map.of())).isFalse();
  }

  @Test
  void aPodWithoutLabelsIsSelectedByNoServiceSelector() {
    assertThat(LabelSelectors.selects(Map.of("app", "web"), null)).isFalse();
    assertThat(LabelSelectors.selects(Map.of("app", "web"), Map.of())).isFalse();
  }

  @Test
  void aSelectorValueOfNullSelectsNothingEvenWhereTheKeyIsMissing() {
    Map<String, String> broken = new HashMap<>();
    broken.put("app", null);

    assertThat(LabelSelectors.selects(broken, POD)).isFalse();
    assertThat(LabelSelectors.selects(broken, Map.of())).isFalse();
  }

  @Test
  void anEmptyOrAbsentLabelSelectorMatchesEveryPodUnlikeAServiceSelector() {
    LabelSelector empty = new LabelSelectorBuilder().build();

    assertThat(LabelSelectors.matches(null, POD)).isTrue();
    assertThat(LabelSelectors.matches(empty, POD)).isTrue();
    assertThat(LabelSelectors.matches(empty, null)).isTrue();
    assertThat(LabelSelectors.selects(Map.of(), POD)).isFalse();
  }

  @Test
  void aLabelSelectorWithMatchLabelsAgreesWithTheServiceSelectorOfTheSameMap() {
    for (Map<String, String> selector :
        java.util.List.of(
            Map.of("app", "web"), Map.of("app", "api"), Map.of("app", "web", "tier", "front"))) {
      LabelSelector asLabelSelector = new LabelSelectorBuilder().withMatchLabels(selector).build();

      assertThat(LabelSelectors.matches(asLabelSelector, POD))
          .as(selector.toString())
          .isEqualTo(LabelSelectors.selects(selector, POD));
    }
  }
}

package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Map;

/**
 * Label selector matching ({@code matchLabels} and {@code matchExpressions}), once for every
 * reader.
 */
final class LabelSelectors {

  private LabelSelectors() {}

  /**
   * Whether the selector matches these labels: a null selector matches every pod (as a
   * NetworkPolicy's empty podSelector does), null labels count as none.
   */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    Map<String, String> have = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null
        && !selector.getMatchLabels().entrySet().stream()
            .allMatch(e -> e.getValue().equals(have.get(e.getKey())))) {
      return false;
    }
    return selector.getMatchExpressions() == null
        || selector.getMatchExpressions().stream()
            .allMatch(
                r ->
                    NodeAffinityDetector.holds(
                        r.getOperator(), have.get(r.getKey()), r.getValues()));
  }
}

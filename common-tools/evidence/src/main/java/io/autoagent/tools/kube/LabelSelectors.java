package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Map;

/**
 * Label selector matching, once for every reader: {@link LabelSelector}s ({@code matchLabels} and
 * {@code matchExpressions}) and the plain map selectors of Services ({@code spec.selector}), whose
 * empty case means the opposite.
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

  /**
   * Whether a Service's map selector ({@code spec.selector}) selects a pod with these labels: every
   * key of the selector present with an equal value. An absent or empty selector selects nothing,
   * as Kubernetes defines it for Services (no selector: no pods, no managed endpoints), unlike an
   * empty {@link LabelSelector}; null labels count as none.
   */
  static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    if (selector == null || selector.isEmpty() || labels == null) {
      return false;
    }
    for (Map.Entry<String, String> wanted : selector.entrySet()) {
      String value = wanted.getValue();
      if (value == null || !value.equals(labels.get(wanted.getKey()))) {
        return false;
      }
    }
    return true;
  }
}

package io.autoagent.tools.remediation.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AutoRemediationPolicies currently in the cluster. {@link InformerPolicySource} keeps them
 * from an informer; {@link #of} serves a fixed list (tests, and a cluster without the CRD).
 * Thread-safe.
 */
public interface PolicySource {

  /** The policies of a namespace, in name order. */
  List<RemediationPolicy> inNamespace(String namespace);

  /**
   * The policy that governs a workload: the first of its namespace (in name order) whose {@code
   * targetSelector} matches its labels.
   *
   * @param workloadLabels the workload's labels; empty when it has none or is unknown
   */
  default Optional<RemediationPolicy> matching(
      String namespace, Map<String, String> workloadLabels) {
    return inNamespace(namespace).stream().filter(p -> p.matches(workloadLabels)).findFirst();
  }

  static PolicySource of(List<RemediationPolicy> policies) {
    List<RemediationPolicy> copy = List.copyOf(policies);
    return ns ->
        copy.stream()
            .filter(p -> p.namespace().equals(ns))
            .sorted(java.util.Comparator.comparing(RemediationPolicy::name))
            .toList();
  }

  PolicySource NONE = ns -> List.of();
}

package io.autoagent.tools.remediation.policy;

import java.util.List;

/**
 * The AutoRemediationPolicies currently in the cluster. {@link InformerPolicySource} keeps them
 * from an informer; {@link #of} serves a fixed list (tests, and a cluster without the CRD).
 * Thread-safe.
 */
public interface PolicySource {

  /** The policies of a namespace, in name order. */
  List<RemediationPolicy> inNamespace(String namespace);

  static PolicySource of(List<RemediationPolicy> policies) {
    List<RemediationPolicy> copy = List.copyOf(policies);
    return ns -> copy.stream().filter(p -> p.namespace().equals(ns))
        .sorted(java.util.Comparator.comparing(RemediationPolicy::name)).toList();
  }

  PolicySource NONE = ns -> List.of();
}

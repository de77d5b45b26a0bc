package io.autoagent.tools.remediation.policy;

import io.autoagent.tools.remediation.policy.RemediationPolicy.Mode;
import io.autoagent.tools.remediation.policy.RemediationPolicy.Scale;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AutoRemediationPolicies from a fabric8 informer over generic resources (no typed class, so a
 * policy with unknown fields still loads). A policy whose spec cannot be read is skipped with a
 * warning: a broken policy never grants anything. Close it to stop the informer.
 */
public final class InformerPolicySource implements PolicySource, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InformerPolicySource.class);

  public static final ResourceDefinitionContext CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup("autoagent.io")
          .withVersion("v1alpha1")
          .withKind("AutoRemediationPolicy")
          .withPlural("autoremediationpolicies")
          .withNamespaced(true)
          .build();

  private final SharedIndexInformer<GenericKubernetesResource> informer;

  private InformerPolicySource(SharedIndexInformer<GenericKubernetesResource> informer) {
    this.informer = informer;
  }

  /** Starts an informer over every namespace and waits for its first list. */
  public static InformerPolicySource start(KubernetesClient client) {
    // Start without waiting for the first list: until it arrives no policy matches, which means
    // dry runs only, the safe default; blocking here cost seconds of start-up.
    SharedIndexInformer<GenericKubernetesResource> informer =
        client.genericKubernetesResources(CONTEXT).inAnyNamespace().runnableInformer(0);
    informer.start();
    return new InformerPolicySource(informer);
  }

  /** Whether the informer has listed the policies once (before that, none match). */
  public boolean hasSynced() {
    return informer.hasSynced();
  }

  @Override
  public List<RemediationPolicy> inNamespace(String namespace) {
    List<RemediationPolicy> out = new ArrayList<>();
    for (GenericKubernetesResource r : informer.getStore().list()) {
      if (!namespace.equals(r.getMetadata().getNamespace())) {
        continue;
      }
      try {
        out.add(fromResource(r));
      } catch (RuntimeException e) {
        log.warn(
            "AutoRemediationPolicy {}/{} is unreadable and ignored: {}",
            namespace,
            r.getMetadata().getName(),
            e.toString());
      }
    }
    out.sort(Comparator.comparing(RemediationPolicy::name));
    return out;
  }

  /** Reads a policy's spec; throws on a malformed one. */
  @SuppressWarnings("unchecked")
  public static RemediationPolicy fromResource(GenericKubernetesResource r) {
    Map<String, Object> spec = map(r.getAdditionalProperties().get("spec"));
    Map<String, Object> selector = map(spec.get("targetSelector"));
    Map<String, String> labels = new LinkedHashMap<>();
    map(selector.get("matchLabels")).forEach((k, v) -> labels.put(k, String.valueOf(v)));
    Map<String, Object> actions = map(spec.get("actions"));
    Map<String, Object> scale = map(actions.get("scale"));
    Object allowed = spec.get("allowedRunbooks");
    return new RemediationPolicy(
        r.getMetadata().getNamespace(),
        r.getMetadata().getName(),
        labels,
        (Boolean) actions.get("restartStuckPods"),
        integer(actions.get("bumpMemoryPercent")),
        new Scale(
            (Boolean) scale.get("enabled"),
            integer(scale.get("minReplicas")),
            integer(scale.get("maxReplicas"))),
        map(spec.get("escalation")),
        allowed == null
            ? List.of()
            : ((List<Object>) allowed).stream().map(String::valueOf).toList(),
        Mode.parse((String) spec.get("mode")),
        RemediationPolicy.risk((String) spec.get("requireApprovalAbove")));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static Integer integer(Object o) {
    return o == null ? null : ((Number) o).intValue();
  }

  @Override
  public void close() {
    informer.close();
  }
}

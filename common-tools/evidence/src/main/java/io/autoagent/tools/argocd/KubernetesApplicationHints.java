package io.autoagent.tools.argocd;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ApplicationHints} from the live workload named {@code service} (Deployment, StatefulSet,
 * DaemonSet, CronJob, tried in that order with one {@code get} each). A failed read is no hint.
 * Thread-safe.
 */
public final class KubernetesApplicationHints implements ApplicationHints {

  private static final Logger log = LoggerFactory.getLogger(KubernetesApplicationHints.class);

  private final List<BiFunction<String, String, HasMetadata>> kinds;

  public KubernetesApplicationHints(KubernetesClient client) {
    Objects.requireNonNull(client, "client");
    this.kinds =
        List.of(
            (ns, name) -> client.apps().deployments().inNamespace(ns).withName(name).get(),
            (ns, name) -> client.apps().statefulSets().inNamespace(ns).withName(name).get(),
            (ns, name) -> client.apps().daemonSets().inNamespace(ns).withName(name).get(),
            (ns, name) -> client.batch().v1().cronjobs().inNamespace(ns).withName(name).get());
  }

  @Override
  public Optional<String> applicationOf(String namespace, String service) {
    try {
      for (BiFunction<String, String, HasMetadata> kind : kinds) {
        HasMetadata workload = kind.apply(namespace, service);
        if (workload != null) {
          return ApplicationHints.fromMetadata(
              workload.getMetadata().getAnnotations(), workload.getMetadata().getLabels());
        }
      }
    } catch (KubernetesClientException e) {
      log.debug("No Argo CD application hint for {}/{}: {}", namespace, service, e.getCode());
    }
    return Optional.empty();
  }
}

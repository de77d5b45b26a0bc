package io.autoagent.tools.drift;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LiveCluster} over a fabric8 client: reads the Deployment or StatefulSet named {@code
 * service} (else the first labelled {@code app.kubernetes.io/name} or {@code app}) and the
 * autoscalers of its namespace. API errors answer empty. Thread-safe.
 */
public final class KubernetesLiveCluster implements LiveCluster {

  private static final Logger log = LoggerFactory.getLogger(KubernetesLiveCluster.class);
  private final KubernetesClient client;

  public KubernetesLiveCluster(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public Optional<LiveWorkload> workload(String namespace, String service) {
    try {
      Optional<HasMetadata> found = find(namespace, service);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      HasMetadata w = found.get();
      boolean hpa =
          client
              .autoscaling()
              .v2()
              .horizontalPodAutoscalers()
              .inNamespace(namespace)
              .list()
              .getItems()
              .stream()
              .map(HorizontalPodAutoscaler::getSpec)
              .filter(Objects::nonNull)
              .anyMatch(
                  s ->
                      s.getScaleTargetRef() != null
                          && w.getKind().equals(s.getScaleTargetRef().getKind())
                          && w.getMetadata().getName().equals(s.getScaleTargetRef().getName()));
      return WorkloadSpec.fromObject(w).map(spec -> new LiveWorkload(spec, hpa));
    } catch (KubernetesClientException e) {
      log.warn(
          "Could not read {}/{} for drift detection: HTTP {}", namespace, service, e.getCode());
      return Optional.empty();
    }
  }

  private Optional<HasMetadata> find(String namespace, String service) {
    HasMetadata byName = client.apps().deployments().inNamespace(namespace).withName(service).get();
    if (byName == null) {
      byName = client.apps().statefulSets().inNamespace(namespace).withName(service).get();
    }
    if (byName != null) {
      return Optional.of(byName);
    }
    return Stream.of("app.kubernetes.io/name", "app")
        .flatMap(
            label ->
                client
                    .apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withLabels(Map.of(label, service))
                    .list()
                    .getItems()
                    .stream())
        .map(HasMetadata.class::cast)
        .findFirst();
  }

  @Override
  public Optional<KubeVersion> serverVersion() {
    try {
      VersionInfo v = client.getKubernetesVersion();
      return v == null ? Optional.empty() : KubeVersion.parse(v.getMajor(), v.getMinor());
    } catch (KubernetesClientException e) {
      log.warn("Could not read the API server version: HTTP {}", e.getCode());
      return Optional.empty();
    }
  }
}

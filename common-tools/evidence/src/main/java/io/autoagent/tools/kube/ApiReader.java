package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads straight from the API server; used until the caches are synced and for namespaces that are
 * not cached. Filters by owner and involved object in Java: set-based and {@code involvedObject.*}
 * field selectors are not portable (the fabric8 mock ignores them).
 */
final class ApiReader implements ClusterReader {

  private final KubernetesClient client;

  ApiReader(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<Deployment> deployment(String namespace, String name) {
    return Optional.ofNullable(
        client.apps().deployments().inNamespace(namespace).withName(name).get());
  }

  @Override
  public Optional<StatefulSet> statefulSet(String namespace, String name) {
    return Optional.ofNullable(
        client.apps().statefulSets().inNamespace(namespace).withName(name).get());
  }

  @Override
  public List<Deployment> deploymentsLabelled(String namespace, String label, String value) {
    return client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withLabel(label, value)
        .list()
        .getItems();
  }

  @Override
  public List<StatefulSet> statefulSetsLabelled(String namespace, String label, String value) {
    return client
        .apps()
        .statefulSets()
        .inNamespace(namespace)
        .withLabel(label, value)
        .list()
        .getItems();
  }

  @Override
  public List<ReplicaSet> replicaSetsOwnedBy(String namespace, String ownerUid) {
    String key = namespace + "/" + ownerUid;
    return client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
        .filter(rs -> key.equals(ClusterReader.controllerKey(rs)))
        .toList();
  }

  @Override
  public Optional<DaemonSet> daemonSet(String namespace, String name) {
    return Optional.ofNullable(
        client.apps().daemonSets().inNamespace(namespace).withName(name).get());
  }

  @Override
  public Optional<Job> job(String namespace, String name) {
    return Optional.ofNullable(
        client.batch().v1().jobs().inNamespace(namespace).withName(name).get());
  }

  @Override
  public Optional<CronJob> cronJob(String namespace, String name) {
    return Optional.ofNullable(
        client.batch().v1().cronjobs().inNamespace(namespace).withName(name).get());
  }

  @Override
  public Optional<ReplicaSet> replicaSet(String namespace, String name) {
    return Optional.ofNullable(
        client.apps().replicaSets().inNamespace(namespace).withName(name).get());
  }

  @Override
  public Optional<Pod> pod(String namespace, String name) {
    return Optional.ofNullable(client.pods().inNamespace(namespace).withName(name).get());
  }

  @Override
  public List<DaemonSet> daemonSetsLabelled(String namespace, String label, String value) {
    return client
        .apps()
        .daemonSets()
        .inNamespace(namespace)
        .withLabel(label, value)
        .list()
        .getItems();
  }

  @Override
  public List<Job> jobsLabelled(String namespace, String label, String value) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withLabel(label, value)
        .list()
        .getItems();
  }

  @Override
  public List<CronJob> cronJobsLabelled(String namespace, String label, String value) {
    return client
        .batch()
        .v1()
        .cronjobs()
        .inNamespace(namespace)
        .withLabel(label, value)
        .list()
        .getItems();
  }

  /** One list per kind, filtered here: twenty label queries would cost more than five lists. */
  @Override
  public Map<String, List<HasMetadata>> workloadsLabelled(String namespace, String value) {
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(client.apps().deployments().inNamespace(namespace).list().getItems());
    all.addAll(client.apps().statefulSets().inNamespace(namespace).list().getItems());
    all.addAll(client.apps().daemonSets().inNamespace(namespace).list().getItems());
    all.addAll(client.batch().v1().cronjobs().inNamespace(namespace).list().getItems());
    all.addAll(client.batch().v1().jobs().inNamespace(namespace).list().getItems());
    Map<String, List<HasMetadata>> out = new LinkedHashMap<>();
    for (String label : SERVICE_LABELS) {
      out.put(
          label,
          all.stream()
              .filter(
                  w ->
                      w.getMetadata().getLabels() != null
                          && value.equals(w.getMetadata().getLabels().get(label)))
              .toList());
    }
    return out;
  }

  @Override
  public List<Job> jobsOwnedBy(String namespace, String ownerUid) {
    String key = namespace + "/" + ownerUid;
    return client.batch().v1().jobs().inNamespace(namespace).list().getItems().stream()
        .filter(j -> key.equals(ClusterReader.controllerKey(j)))
        .toList();
  }

  @Override
  public List<Pod> podsOwnedBy(String namespace, Collection<String> ownerUids) {
    Set<String> keys = new HashSet<>();
    ownerUids.forEach(uid -> keys.add(namespace + "/" + uid));
    return client.pods().inNamespace(namespace).list().getItems().stream()
        .filter(p -> keys.contains(ClusterReader.controllerKey(p)))
        .toList();
  }

  @Override
  public List<Pod> podsSelected(String namespace, java.util.Map<String, String> selector) {
    if (selector == null || selector.isEmpty()) {
      return List.of();
    }
    return client.pods().inNamespace(namespace).withLabels(selector).list().getItems();
  }

  @Override
  public Optional<Node> node(String name) {
    return Optional.ofNullable(client.nodes().withName(name).get());
  }

  @Override
  public List<Node> nodes() {
    return client.nodes().list().getItems();
  }

  @Override
  public List<Event> eventsWithReason(String namespace, String reason) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  @Override
  public List<Event> events(String namespace, Collection<String> involvedKeys) {
    Set<String> keys = new HashSet<>(involvedKeys);
    List<Event> events = new ArrayList<>();
    client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> keys.contains(ClusterReader.involvedKey(e)))
        .forEach(events::add);
    // Node events live outside the namespace (kubelets write them to "default"); a real API
    // server answers these field selectors, so ask per node rather than list every event.
    for (String key : keys) {
      if (key.startsWith("Node//")) {
        String node = key.substring("Node//".length());
        client
            .v1()
            .events()
            .inAnyNamespace()
            .withField("involvedObject.kind", "Node")
            .withField("involvedObject.name", node)
            .list()
            .getItems()
            .stream()
            .filter(e -> key.equals(ClusterReader.involvedKey(e)))
            .forEach(events::add);
      }
    }
    return events;
  }

  @Override
  public List<ResourceQuota> quotas(String namespace) {
    return client.resourceQuotas().inNamespace(namespace).list().getItems();
  }

  @Override
  public List<LimitRange> limitRanges(String namespace) {
    return client.limitRanges().inNamespace(namespace).list().getItems();
  }

  @Override
  public List<io.fabric8.kubernetes.api.model.Service> services(String namespace) {
    return client.services().inNamespace(namespace).list().getItems();
  }

  @Override
  public List<io.fabric8.kubernetes.api.model.networking.v1.Ingress> ingresses(String namespace) {
    return client.network().v1().ingresses().inNamespace(namespace).list().getItems();
  }

  @Override
  public List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy> networkPolicies(
      String namespace) {
    return client.network().v1().networkPolicies().inNamespace(namespace).list().getItems();
  }

  @Override
  public List<HorizontalPodAutoscaler> autoscalers(String namespace) {
    return client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(namespace)
        .list()
        .getItems();
  }
}

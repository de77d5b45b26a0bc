package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
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
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informer caches of the objects an analysis reads, indexed so that one analysis costs what the
 * service's own objects cost: workloads by name and service label, ReplicaSets and Pods by
 * controller, Events by involved object, the rest by namespace. One set of informers per watched
 * namespace, or one over all namespaces. Informers retry for ever, so the cache recovers by itself
 * when the API returns.
 */
final class InformerCache implements ClusterReader, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InformerCache.class);
  static final String BY_SERVICE = "service";
  static final String BY_OWNER = "owner";
  static final String BY_INVOLVED = "involved";
  static final String BY_REASON = "reason";

  /**
   * Event reasons looked up across objects (so the index stays small): preemptions of pods already
   * gone.
   */
  static final java.util.Set<String> INDEXED_REASONS =
      java.util.Set.of(PreemptionDetector.PREEMPTED);

  private static final String ALL = "";

  private final Set<String> namespaces;
  private final Scoped<Deployment> deployments;
  private final Scoped<StatefulSet> statefulSets;
  private final Scoped<DaemonSet> daemonSets;
  private final Scoped<Job> jobs;
  private final Scoped<CronJob> cronJobs;
  private final Scoped<ReplicaSet> replicaSets;
  private final Scoped<Pod> pods;
  private final Scoped<Event> events;
  private final Scoped<ResourceQuota> quotas;
  private final Scoped<LimitRange> limitRanges;
  private final Scoped<HorizontalPodAutoscaler> autoscalers;
  private final Scoped<io.fabric8.kubernetes.api.model.Service> services;
  private final Scoped<io.fabric8.kubernetes.api.model.networking.v1.Ingress> ingresses;
  private final Scoped<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy> networkPolicies;
  private final SharedIndexInformer<Node> nodes;
  private final List<SharedIndexInformer<?>> all = new ArrayList<>();
  private final Generations generations = new Generations();

  InformerCache(KubernetesClient client, Set<String> watchNamespaces) {
    this.namespaces = watchNamespaces.isEmpty() ? Set.of(ALL) : Set.copyOf(watchNamespaces);
    deployments =
        scoped(client.apps().deployments(), Map.of(BY_SERVICE, InformerCache::serviceKeys));
    statefulSets =
        scoped(client.apps().statefulSets(), Map.of(BY_SERVICE, InformerCache::serviceKeys));
    daemonSets = scoped(client.apps().daemonSets(), Map.of(BY_SERVICE, InformerCache::serviceKeys));
    jobs =
        scoped(
            client.batch().v1().jobs(),
            Map.of(BY_SERVICE, InformerCache::serviceKeys, BY_OWNER, InformerCache::ownerKeys));
    cronJobs =
        scoped(client.batch().v1().cronjobs(), Map.of(BY_SERVICE, InformerCache::serviceKeys));
    replicaSets = scoped(client.apps().replicaSets(), Map.of(BY_OWNER, InformerCache::ownerKeys));
    pods = scoped(client.pods(), Map.of(BY_OWNER, InformerCache::ownerKeys));
    events =
        scoped(
            client.v1().events(),
            Map.of(
                BY_INVOLVED,
                e -> List.of(ClusterReader.involvedKey(e)),
                BY_REASON,
                InformerCache::reasonKeys));
    quotas = scoped(client.resourceQuotas(), Map.of());
    limitRanges = scoped(client.limitRanges(), Map.of());
    autoscalers = scoped(client.autoscaling().v2().horizontalPodAutoscalers(), Map.of());
    services = scoped(client.services(), Map.of());
    ingresses = scoped(client.network().v1().ingresses(), Map.of());
    networkPolicies = scoped(client.network().v1().networkPolicies(), Map.of());
    nodes = configure(client.nodes(), Map.of());
  }

  private static <T extends HasMetadata> List<String> serviceKeys(T workload) {
    Map<String, String> labels = workload.getMetadata().getLabels();
    List<String> keys = new ArrayList<>();
    if (labels != null) {
      for (String label : SERVICE_LABELS) {
        if (labels.get(label) != null) {
          keys.add(workload.getMetadata().getNamespace() + "/" + label + "=" + labels.get(label));
        }
      }
    }
    return keys;
  }

  private static <T extends HasMetadata> List<String> ownerKeys(T object) {
    String key = ClusterReader.controllerKey(object);
    return key == null ? List.of() : List.of(key);
  }

  private <T extends HasMetadata, L extends KubernetesResourceList<T>> Scoped<T> scoped(
      MixedOperation<T, L, ? extends Resource<T>> operation,
      Map<String, Function<T, List<String>>> indexers) {
    Map<String, SharedIndexInformer<T>> byNamespace = new java.util.HashMap<>();
    for (String ns : namespaces) {
      byNamespace.put(
          ns,
          configure(
              ns.equals(ALL) ? operation.inAnyNamespace() : operation.inNamespace(ns), indexers));
    }
    return new Scoped<>(Map.copyOf(byNamespace));
  }

  private <T extends HasMetadata> SharedIndexInformer<T> configure(
      Informable<T> informable, Map<String, Function<T, List<String>>> indexers) {
    SharedIndexInformer<T> informer = informable.runnableInformer(0);
    // a change is counted twice: when the store takes it (so an analysis made before it is not
    // reused from then on), and when the handler runs, once it is indexed too (so an analysis that
    // read the indexes before they had it is not reused either)
    informer.itemStore(new StrippingStore<>(generations));
    informer.addEventHandler(
        new io.fabric8.kubernetes.client.informers.ResourceEventHandler<T>() {
          @Override
          public void onAdd(T object) {
            generations.changed(object.getMetadata().getNamespace());
          }

          @Override
          public void onUpdate(T before, T object) {
            if (Generations.matters(before, object)) {
              generations.changed(object.getMetadata().getNamespace());
            }
          }

          @Override
          public void onDelete(T object, boolean finalStateUnknown) {
            generations.changed(object.getMetadata().getNamespace());
          }
        });
    if (!indexers.isEmpty()) {
      informer.addIndexers(indexers);
    }
    informer.exceptionHandler(
        (started, t) -> {
          log.warn(
              "Informer for {} failed ({}); retrying",
              informer.getApiTypeClass().getSimpleName(),
              t.toString());
          return true;
        });
    all.add(informer);
    return informer;
  }

  /** Starts every informer without waiting for the initial lists. */
  void start() {
    for (SharedIndexInformer<?> informer : all) {
      informer
          .start()
          .exceptionally(
              t -> {
                log.warn(
                    "Informer for {} did not start: {}",
                    informer.getApiTypeClass().getSimpleName(),
                    t.toString());
                return null;
              });
    }
  }

  /** Whether this namespace is cached and every informer it needs has synced and is watching. */
  boolean serves(String namespace) {
    String scope = namespaces.contains(ALL) ? ALL : namespace;
    if (!namespaces.contains(scope) || !live(nodes)) {
      return false;
    }
    return List.of(
            deployments,
            statefulSets,
            daemonSets,
            jobs,
            cronJobs,
            replicaSets,
            pods,
            events,
            quotas,
            limitRanges,
            autoscalers,
            services,
            ingresses,
            networkPolicies)
        .stream()
        .allMatch(s -> live(s.byNamespace.get(scope)));
  }

  /**
   * The changes this namespace's informers and the cluster-scoped ones have taken so far: equal
   * values mean no cached object an analysis of the namespace reads has changed in between.
   */
  Generations.State generation(String namespace) {
    return generations.of(namespace);
  }

  private static boolean live(SharedIndexInformer<?> informer) {
    return informer.hasSynced() && informer.isWatching();
  }

  /** Whether every informer is connected to the API right now. */
  boolean watching() {
    return all.stream().allMatch(SharedIndexInformer::isWatching);
  }

  @Override
  public Optional<Deployment> deployment(String namespace, String name) {
    return Optional.ofNullable(
        deployments.in(namespace).getStore().getByKey(namespace + "/" + name));
  }

  @Override
  public Optional<StatefulSet> statefulSet(String namespace, String name) {
    return Optional.ofNullable(
        statefulSets.in(namespace).getStore().getByKey(namespace + "/" + name));
  }

  @Override
  public List<Deployment> deploymentsLabelled(String namespace, String label, String value) {
    return deployments
        .in(namespace)
        .getIndexer()
        .byIndex(BY_SERVICE, namespace + "/" + label + "=" + value);
  }

  @Override
  public List<StatefulSet> statefulSetsLabelled(String namespace, String label, String value) {
    return statefulSets
        .in(namespace)
        .getIndexer()
        .byIndex(BY_SERVICE, namespace + "/" + label + "=" + value);
  }

  @Override
  public List<ReplicaSet> replicaSetsOwnedBy(String namespace, String ownerUid) {
    return replicaSets.in(namespace).getIndexer().byIndex(BY_OWNER, namespace + "/" + ownerUid);
  }

  @Override
  public Optional<DaemonSet> daemonSet(String namespace, String name) {
    return Optional.ofNullable(
        daemonSets.in(namespace).getStore().getByKey(namespace + "/" + name));
  }

  @Override
  public Optional<Job> job(String namespace, String name) {
    return Optional.ofNullable(jobs.in(namespace).getStore().getByKey(namespace + "/" + name));
  }

  @Override
  public Optional<CronJob> cronJob(String namespace, String name) {
    return Optional.ofNullable(cronJobs.in(namespace).getStore().getByKey(namespace + "/" + name));
  }

  @Override
  public Optional<ReplicaSet> replicaSet(String namespace, String name) {
    return Optional.ofNullable(
        replicaSets.in(namespace).getStore().getByKey(namespace + "/" + name));
  }

  @Override
  public Optional<Pod> pod(String namespace, String name) {
    return Optional.ofNullable(pods.in(namespace).getStore().getByKey(namespace + "/" + name));
  }

  @Override
  public List<DaemonSet> daemonSetsLabelled(String namespace, String label, String value) {
    return daemonSets
        .in(namespace)
        .getIndexer()
        .byIndex(BY_SERVICE, namespace + "/" + label + "=" + value);
  }

  @Override
  public List<Job> jobsLabelled(String namespace, String label, String value) {
    return jobs.in(namespace)
        .getIndexer()
        .byIndex(BY_SERVICE, namespace + "/" + label + "=" + value);
  }

  @Override
  public List<CronJob> cronJobsLabelled(String namespace, String label, String value) {
    return cronJobs
        .in(namespace)
        .getIndexer()
        .byIndex(BY_SERVICE, namespace + "/" + label + "=" + value);
  }

  @Override
  public List<Job> jobsOwnedBy(String namespace, String ownerUid) {
    return jobs.in(namespace).getIndexer().byIndex(BY_OWNER, namespace + "/" + ownerUid);
  }

  @Override
  public List<Pod> podsOwnedBy(String namespace, Collection<String> ownerUids) {
    List<Pod> result = new ArrayList<>();
    for (String uid : ownerUids) {
      result.addAll(pods.in(namespace).getIndexer().byIndex(BY_OWNER, namespace + "/" + uid));
    }
    return result;
  }

  @Override
  public List<Pod> podsSelected(String namespace, Map<String, String> selector) {
    if (selector == null || selector.isEmpty()) {
      return List.of();
    }
    return pods.in(namespace).getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).stream()
        .filter(p -> LabelSelectors.selects(selector, p.getMetadata().getLabels()))
        .toList();
  }

  @Override
  public Optional<Node> node(String name) {
    return Optional.ofNullable(nodes.getStore().getByKey(name));
  }

  @Override
  public List<Node> nodes() {
    return nodes.getStore().list();
  }

  @Override
  public List<Event> eventsWithReason(String namespace, String reason) {
    if (INDEXED_REASONS.contains(reason)) {
      return events.in(namespace).getIndexer().byIndex(BY_REASON, namespace + "/" + reason);
    }
    return events.in(namespace).getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  private static List<String> reasonKeys(Event e) {
    return e.getReason() != null && INDEXED_REASONS.contains(e.getReason())
        ? List.of(e.getMetadata().getNamespace() + "/" + e.getReason())
        : List.of();
  }

  @Override
  public List<Event> events(String namespace, Collection<String> involvedKeys) {
    Set<Event> result = new LinkedHashSet<>();
    for (String key : involvedKeys) {
      // Node events are written to another namespace ("default"), so look in every scope.
      Collection<SharedIndexInformer<Event>> scopes =
          key.startsWith("Node//") ? events.byNamespace.values() : List.of(events.in(namespace));
      scopes.forEach(informer -> result.addAll(informer.getIndexer().byIndex(BY_INVOLVED, key)));
    }
    return List.copyOf(result);
  }

  @Override
  public List<ResourceQuota> quotas(String namespace) {
    return quotas.in(namespace).getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
  }

  @Override
  public List<LimitRange> limitRanges(String namespace) {
    return limitRanges.in(namespace).getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
  }

  @Override
  public List<io.fabric8.kubernetes.api.model.Service> services(String namespace) {
    return services.in(namespace).getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
  }

  @Override
  public List<io.fabric8.kubernetes.api.model.networking.v1.Ingress> ingresses(String namespace) {
    return ingresses.in(namespace).getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
  }

  @Override
  public List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy> networkPolicies(
      String namespace) {
    return networkPolicies.in(namespace).getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
  }

  @Override
  public List<HorizontalPodAutoscaler> autoscalers(String namespace) {
    return autoscalers.in(namespace).getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
  }

  @Override
  public void close() {
    for (int i = all.size() - 1; i >= 0; i--) {
      all.get(i).close();
    }
  }

  /** The informers of one resource type, by namespace (or one for all namespaces). */
  private record Scoped<T>(Map<String, SharedIndexInformer<T>> byNamespace) {
    SharedIndexInformer<T> in(String namespace) {
      SharedIndexInformer<T> informer = byNamespace.getOrDefault(namespace, byNamespace.get(ALL));
      if (informer == null) {
        throw new IllegalStateException("namespace " + namespace + " is not cached");
      }
      return informer;
    }
  }
}

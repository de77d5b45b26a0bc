package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reads the objects of one namespace that an analysis needs, from the informer caches or straight
 * from the API. Implementations are thread-safe; API-backed ones throw {@code
 * KubernetesClientException} when the API fails.
 */
interface ClusterReader {

  /** Labels that name a workload after its service, in the order they are tried. */
  List<String> SERVICE_LABELS =
      List.of("app.kubernetes.io/instance", "app.kubernetes.io/name", "app", "k8s-app");

  Optional<Deployment> deployment(String namespace, String name);

  Optional<StatefulSet> statefulSet(String namespace, String name);

  List<Deployment> deploymentsLabelled(String namespace, String label, String value);

  List<StatefulSet> statefulSetsLabelled(String namespace, String label, String value);

  List<ReplicaSet> replicaSetsOwnedBy(String namespace, String ownerUid);

  Optional<DaemonSet> daemonSet(String namespace, String name);

  Optional<Job> job(String namespace, String name);

  Optional<CronJob> cronJob(String namespace, String name);

  Optional<ReplicaSet> replicaSet(String namespace, String name);

  Optional<Pod> pod(String namespace, String name);

  List<DaemonSet> daemonSetsLabelled(String namespace, String label, String value);

  List<Job> jobsLabelled(String namespace, String label, String value);

  List<CronJob> cronJobsLabelled(String namespace, String label, String value);

  /**
   * Deployments, StatefulSets, DaemonSets, CronJobs and Jobs labelled {@code label=value}, for each
   * of {@link #SERVICE_LABELS} in order (a label with no match maps to an empty list).
   */
  default java.util.Map<String, List<HasMetadata>> workloadsLabelled(
      String namespace, String value) {
    java.util.Map<String, List<HasMetadata>> out = new java.util.LinkedHashMap<>();
    for (String label : SERVICE_LABELS) {
      List<HasMetadata> all = new java.util.ArrayList<>();
      all.addAll(deploymentsLabelled(namespace, label, value));
      all.addAll(statefulSetsLabelled(namespace, label, value));
      all.addAll(daemonSetsLabelled(namespace, label, value));
      all.addAll(cronJobsLabelled(namespace, label, value));
      all.addAll(jobsLabelled(namespace, label, value));
      out.put(label, all);
    }
    return out;
  }

  /** Jobs whose controller is the object with this uid (a CronJob's Jobs). */
  List<Job> jobsOwnedBy(String namespace, String ownerUid);

  List<Pod> podsOwnedBy(String namespace, Collection<String> ownerUids);

  /**
   * The namespace's pods carrying every label of {@code selector} (a Service's selector); none for
   * an empty selector.
   */
  List<Pod> podsSelected(String namespace, java.util.Map<String, String> selector);

  Optional<Node> node(String name);

  /** Every node of the cluster (to compare a pod's required node labels with). */
  List<Node> nodes();

  /** The namespace's events with this reason, whatever object they are about. */
  List<Event> eventsWithReason(String namespace, String reason);

  /** Events whose involved object is one of these {@code Kind/namespace/name} keys. */
  List<Event> events(String namespace, Collection<String> involvedKeys);

  List<ResourceQuota> quotas(String namespace);

  List<LimitRange> limitRanges(String namespace);

  List<HorizontalPodAutoscaler> autoscalers(String namespace);

  /** The namespace's Services. */
  List<io.fabric8.kubernetes.api.model.Service> services(String namespace);

  /** The namespace's networking.k8s.io/v1 Ingresses. */
  List<io.fabric8.kubernetes.api.model.networking.v1.Ingress> ingresses(String namespace);

  /** The namespace's NetworkPolicies. */
  List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy> networkPolicies(
      String namespace);

  /** {@code namespace/uid} of the object's controller, or null when it has none. */
  static String controllerKey(HasMetadata object) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    if (owners == null) {
      return null;
    }
    return owners.stream()
        .filter(o -> Boolean.TRUE.equals(o.getController()))
        .findFirst()
        .map(o -> object.getMetadata().getNamespace() + "/" + o.getUid())
        .orElse(null);
  }

  /** The {@code Kind/namespace/name} key of an event's involved object. */
  static String involvedKey(Event event) {
    var ref = event.getInvolvedObject();
    return ref == null
        ? ""
        : ref.getKind()
            + "/"
            + (ref.getNamespace() == null ? "" : ref.getNamespace())
            + "/"
            + ref.getName();
  }

  static String key(String kind, String namespace, String name) {
    return kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
  }
}

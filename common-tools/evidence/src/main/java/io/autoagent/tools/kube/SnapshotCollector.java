package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Alert;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Resolves the alerted service to its workload and reads everything the detectors need into a
 * {@link WorkloadSnapshot}: ReplicaSets, Pods, their Nodes, Events about all of them, quotas, limit
 * ranges, autoscalers, and on demand the previous log of crash-looping containers and pod metrics.
 */
final class SnapshotCollector {

  /** Crash-looping containers whose logs are read per analysis; more pods repeat the same story. */
  static final int MAX_LOGS = 5;

  /** Claims of a StatefulSet's templates whose events are read, per template (ordinals 0..n-1). */
  static final int MAX_ORDINAL_CLAIMS = 20;

  private final OnDemandReads onDemand;
  private final NetworkCollector network;
  private final LiveEvidenceReader live;
  private final PlacementReads placement;
  private final java.util.function.Predicate<String> watched;
  private final DependencyFailureDetector dependencies;

  SnapshotCollector(OnDemandReads onDemand) {
    this(onDemand, NetworkReads.NONE, null, null);
  }

  SnapshotCollector(
      OnDemandReads onDemand,
      NetworkReads networkReads,
      LiveEvidenceReader live,
      PlacementReads placement) {
    this(onDemand, networkReads, live, placement, namespace -> true, LogSignals.defaults());
  }

  /**
   * @param live null: snapshots carry no {@link LiveEvidence}
   * @param placement reads claims, classes, nodes and budgets when the pods call for them; null
   *     reads none
   * @param watched the namespaces the agent watches: a dependency's Service is looked up in another
   *     namespace only when this accepts it
   * @param signals the log scans, shared with the detectors
   */
  SnapshotCollector(
      OnDemandReads onDemand,
      NetworkReads networkReads,
      LiveEvidenceReader live,
      PlacementReads placement,
      java.util.function.Predicate<String> watched,
      LogSignals signals) {
    this.watched = Objects.requireNonNull(watched, "watched");
    this.onDemand = onDemand;
    this.network = new NetworkCollector(networkReads, signals);
    this.dependencies = new DependencyFailureDetector(signals);
    this.live = live;
    this.placement = placement;
  }

  /** The alerted workload; see {@link WorkloadResolver}. */
  static Optional<HasMetadata> resolve(ClusterReader reader, Alert alert) {
    return WorkloadResolver.resolve(reader, alert);
  }

  WorkloadSnapshot collect(ClusterReader reader, Alert alert, HasMetadata workload, Instant now) {
    String ns = workload.getMetadata().getNamespace();
    List<ReplicaSet> replicaSets =
        workload instanceof Deployment
            ? reader.replicaSetsOwnedBy(ns, workload.getMetadata().getUid())
            : List.of();
    List<Job> jobs =
        workload instanceof CronJob
            ? reader.jobsOwnedBy(ns, workload.getMetadata().getUid()).stream()
                .sorted(
                    Comparator.comparing(
                            (Job j) -> Objects.toString(j.getMetadata().getCreationTimestamp(), ""))
                        .thenComparing(j -> j.getMetadata().getName()))
                .toList()
            : List.of();
    List<String> owners = new ArrayList<>();
    owners.add(workload.getMetadata().getUid());
    replicaSets.forEach(rs -> owners.add(rs.getMetadata().getUid()));
    jobs.forEach(j -> owners.add(j.getMetadata().getUid()));
    List<Pod> pods =
        reader.podsOwnedBy(ns, owners).stream()
            .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
            .toList();
    Map<String, Node> nodes = new HashMap<>();
    pods.stream()
        .map(p -> p.getSpec() == null ? null : p.getSpec().getNodeName())
        .filter(n -> n != null && !n.isEmpty())
        .distinct()
        .forEach(n -> reader.node(n).ifPresent(node -> nodes.put(n, node)));
    String kind = WorkloadSnapshot.kindOf(workload);
    List<HorizontalPodAutoscaler> autoscalers =
        reader.autoscalers(ns).stream()
            .filter(h -> h.getSpec() != null && h.getSpec().getScaleTargetRef() != null)
            .filter(
                h ->
                    kind.equals(h.getSpec().getScaleTargetRef().getKind())
                        && workload
                            .getMetadata()
                            .getName()
                            .equals(h.getSpec().getScaleTargetRef().getName()))
            .toList();
    Set<String> keys = new LinkedHashSet<>();
    keys.add(ClusterReader.key(kind, ns, workload.getMetadata().getName()));
    replicaSets.forEach(
        rs -> keys.add(ClusterReader.key("ReplicaSet", ns, rs.getMetadata().getName())));
    jobs.forEach(j -> keys.add(ClusterReader.key("Job", ns, j.getMetadata().getName())));
    pods.forEach(p -> keys.add(ClusterReader.key("Pod", ns, p.getMetadata().getName())));
    claims(workload, pods)
        .forEach(c -> keys.add(ClusterReader.key("PersistentVolumeClaim", ns, c)));
    autoscalers.forEach(
        h -> keys.add(ClusterReader.key("HorizontalPodAutoscaler", ns, h.getMetadata().getName())));
    nodes.keySet().forEach(n -> keys.add(ClusterReader.key("Node", null, n)));
    List<io.fabric8.kubernetes.api.model.Service> services = services(reader, alert, workload);
    Map<String, String> previousLogs = previousLogs(ns, pods);
    WorkloadSnapshot snapshot =
        new WorkloadSnapshot(
            alert,
            now,
            workload,
            replicaSets,
            pods,
            nodes,
            reader.events(ns, keys),
            reader.quotas(ns),
            reader.limitRanges(ns),
            autoscalers,
            onDemand.podMetrics(
                ns, pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet())),
            previousLogs,
            jobs,
            services);
    snapshot =
        snapshot.withNetwork(network.collect(reader, workload, services, pods, previousLogs));
    if (live != null) {
      snapshot = snapshot.withLive(live.read(workload, snapshot.podTemplate(), pods, previousLogs));
      Set<String> hosts = dependencies.hosts(snapshot);
      if (!hosts.isEmpty()) {
        snapshot =
            snapshot.withLive(
                snapshot
                    .live()
                    .withDependencies(DependencyWorkloads.read(reader, ns, hosts, watched)));
      }
    }
    return placement == null ? snapshot : snapshot.withPlacement(placement.read(reader, snapshot));
  }

  /**
   * Services named after the alerted service or the workload, and those whose selector matches the
   * workload's pod template: the first tell a selector that no longer matches, the others a port.
   */
  static List<io.fabric8.kubernetes.api.model.Service> services(
      ClusterReader reader, Alert alert, HasMetadata workload) {
    if (workload instanceof Job || workload instanceof CronJob) {
      return List.of();
    }
    String ns = workload.getMetadata().getNamespace();
    Set<String> names =
        new java.util.HashSet<>(List.of(alert.service(), workload.getMetadata().getName()));
    Map<String, String> labels = ServiceDetector.templateLabels(workload);
    return reader.services(ns).stream()
        .filter(
            svc ->
                names.contains(svc.getMetadata().getName()) || ServiceDetector.selects(svc, labels))
        .sorted(Comparator.comparing(svc -> svc.getMetadata().getName()))
        .toList();
  }

  /**
   * Names of the PersistentVolumeClaims the pods mount, and for a StatefulSet those its claim
   * templates make for each ordinal; their events tell why a volume is not provisioned.
   */
  static Set<String> claims(HasMetadata workload, List<Pod> pods) {
    Set<String> claims = new TreeSet<>();
    for (Pod pod : pods) {
      if (pod.getSpec() != null && pod.getSpec().getVolumes() != null) {
        pod.getSpec().getVolumes().stream()
            .filter(
                v ->
                    v.getPersistentVolumeClaim() != null
                        && v.getPersistentVolumeClaim().getClaimName() != null)
            .forEach(v -> claims.add(v.getPersistentVolumeClaim().getClaimName()));
      }
    }
    if (workload instanceof StatefulSet set && set.getSpec().getVolumeClaimTemplates() != null) {
      int replicas = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
      for (var template : set.getSpec().getVolumeClaimTemplates()) {
        for (int i = 0; i < Math.min(replicas, MAX_ORDINAL_CLAIMS); i++) {
          claims.add(
              template.getMetadata().getName() + "-" + set.getMetadata().getName() + "-" + i);
        }
      }
    }
    return claims;
  }

  /** Previous logs of containers in CrashLoopBackOff for a reason other than memory. */
  private Map<String, String> previousLogs(String ns, List<Pod> pods) {
    Map<String, String> logs = new HashMap<>();
    for (Pod pod : pods) {
      for (ContainerStatus status : Kube.statuses(pod)) {
        ContainerStateTerminated last = CrashLoopDetector.lastTermination(status);
        if (logs.size() < MAX_LOGS
            && CrashLoopDetector.CRASH_LOOP_BACK_OFF.equals(Kube.waitingReason(status))
            && (last == null || !OomKilledDetector.OOM_KILLED.equals(last.getReason()))) {
          String instance =
              pod.getMetadata().getUid() == null
                  ? null
                  : pod.getMetadata().getUid()
                      + "/"
                      + status.getRestartCount()
                      + "/"
                      + (last == null ? "" : last.getContainerID());
          String text =
              onDemand.previousLog(ns, pod.getMetadata().getName(), status.getName(), instance);
          if (text != null) {
            logs.put(pod.getMetadata().getName() + "/" + status.getName(), text);
          }
        }
      }
    }
    return logs;
  }
}

package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Alert;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the detectors may look at for one alerted workload, read once from the caches or the
 * API. Detectors are pure functions of it; they never call the cluster.
 *
 * @param alert the alert being analysed (severity, start time)
 * @param now the moment the snapshot was taken
 * @param workload the alerted Deployment, StatefulSet, DaemonSet, Job or CronJob
 * @param replicaSets the Deployment's ReplicaSets (empty for a StatefulSet)
 * @param pods the workload's pods
 * @param nodes the nodes those pods run on, by name
 * @param events events about the workload, its ReplicaSets, pods, HPAs and nodes
 * @param quotas the namespace's ResourceQuotas
 * @param limitRanges the namespace's LimitRanges
 * @param autoscalers HPAs that target the workload
 * @param metrics {@code metrics.k8s.io} usage of the pods; null when metrics-server is absent
 * @param previousLogs tail of the previous container instance's log, keyed {@code pod/container}
 * @param jobs a CronJob's Jobs, oldest first (empty for other kinds)
 * @param services Services of the namespace named after the alerted service or the workload, or
 *     selecting the workload's pods
 * @param network endpoints, routes, NetworkPolicies and cluster DNS around the workload
 * @param live ConfigMaps and Secrets used (names and change times only), TLS certificate validity,
 *     cert-manager Certificates, ControllerRevisions and a Ready pod's current log
 * @param placement claims, StorageClasses, nodes, disruption budgets and priority classes, read
 *     only when the pods give a reason to ({@link PlacementEvidence#NONE} when nothing was read)
 */
public record WorkloadSnapshot(
    Alert alert,
    Instant now,
    HasMetadata workload,
    List<ReplicaSet> replicaSets,
    List<Pod> pods,
    Map<String, Node> nodes,
    List<Event> events,
    List<ResourceQuota> quotas,
    List<LimitRange> limitRanges,
    List<HorizontalPodAutoscaler> autoscalers,
    List<PodMetrics> metrics,
    Map<String, String> previousLogs,
    List<Job> jobs,
    List<io.fabric8.kubernetes.api.model.Service> services,
    NetworkSnapshot network,
    LiveEvidence live,
    PlacementEvidence placement) {

  /** A snapshot without network objects, {@link LiveEvidence} or placement evidence. */
  public WorkloadSnapshot(
      Alert alert,
      Instant now,
      HasMetadata workload,
      List<ReplicaSet> replicaSets,
      List<Pod> pods,
      Map<String, Node> nodes,
      List<Event> events,
      List<ResourceQuota> quotas,
      List<LimitRange> limitRanges,
      List<HorizontalPodAutoscaler> autoscalers,
      List<PodMetrics> metrics,
      Map<String, String> previousLogs,
      List<Job> jobs,
      List<io.fabric8.kubernetes.api.model.Service> services) {
    this(
        alert,
        now,
        workload,
        replicaSets,
        pods,
        nodes,
        events,
        quotas,
        limitRanges,
        autoscalers,
        metrics,
        previousLogs,
        jobs,
        services,
        NetworkSnapshot.EMPTY,
        LiveEvidence.NONE,
        PlacementEvidence.NONE);
  }

  public WorkloadSnapshot {
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(workload, "workload");
    if (!(workload instanceof Deployment
        || workload instanceof StatefulSet
        || workload instanceof DaemonSet
        || workload instanceof Job
        || workload instanceof CronJob)) {
      throw new IllegalArgumentException(
          "workload must be a Deployment, StatefulSet, DaemonSet, Job or CronJob, got "
              + workload.getClass().getSimpleName());
    }
    replicaSets = replicaSets == null ? List.of() : List.copyOf(replicaSets);
    pods = pods == null ? List.of() : List.copyOf(pods);
    nodes = nodes == null ? Map.of() : Map.copyOf(nodes);
    events = events == null ? List.of() : List.copyOf(events);
    quotas = quotas == null ? List.of() : List.copyOf(quotas);
    limitRanges = limitRanges == null ? List.of() : List.copyOf(limitRanges);
    autoscalers = autoscalers == null ? List.of() : List.copyOf(autoscalers);
    metrics = metrics == null ? null : List.copyOf(metrics);
    previousLogs = previousLogs == null ? Map.of() : Map.copyOf(previousLogs);
    jobs = jobs == null ? List.of() : List.copyOf(jobs);
    services = services == null ? List.of() : List.copyOf(services);
    network = network == null ? NetworkSnapshot.EMPTY : network;
    live = live == null ? LiveEvidence.NONE : live;
    placement = placement == null ? PlacementEvidence.NONE : placement;
  }

  /** The same snapshot with these network objects. */
  public WorkloadSnapshot withNetwork(NetworkSnapshot objects) {
    return new WorkloadSnapshot(
        alert,
        now,
        workload,
        replicaSets,
        pods,
        nodes,
        events,
        quotas,
        limitRanges,
        autoscalers,
        metrics,
        previousLogs,
        jobs,
        services,
        objects,
        live,
        placement);
  }

  /** The same snapshot with this live evidence. */
  public WorkloadSnapshot withLive(LiveEvidence evidence) {
    return new WorkloadSnapshot(
        alert,
        now,
        workload,
        replicaSets,
        pods,
        nodes,
        events,
        quotas,
        limitRanges,
        autoscalers,
        metrics,
        previousLogs,
        jobs,
        services,
        network,
        evidence,
        placement);
  }

  /** The same snapshot with this placement evidence. */
  public WorkloadSnapshot withPlacement(PlacementEvidence evidence) {
    return new WorkloadSnapshot(
        alert,
        now,
        workload,
        replicaSets,
        pods,
        nodes,
        events,
        quotas,
        limitRanges,
        autoscalers,
        metrics,
        previousLogs,
        jobs,
        services,
        network,
        live,
        evidence);
  }

  public String namespace() {
    return workload.getMetadata().getNamespace();
  }

  public String kind() {
    return kindOf(workload);
  }

  /** The kind of a workload object, whether or not its {@code kind} field is set. */
  static String kindOf(HasMetadata workload) {
    return switch (workload) {
      case Deployment d -> "Deployment";
      case StatefulSet s -> "StatefulSet";
      case DaemonSet d -> "DaemonSet";
      case Job j -> "Job";
      case CronJob c -> "CronJob";
      default -> workload.getKind();
    };
  }

  public String name() {
    return workload.getMetadata().getName();
  }

  /** {@code Kind/namespace/name} of the workload. */
  public String resource() {
    return Kube.ref(kind(), namespace(), name());
  }

  public PodTemplateSpec podTemplate() {
    return switch (workload) {
      case Deployment d -> d.getSpec().getTemplate();
      case StatefulSet set -> set.getSpec().getTemplate();
      case DaemonSet d -> d.getSpec().getTemplate();
      case Job j -> j.getSpec().getTemplate();
      case CronJob c ->
          c.getSpec().getJobTemplate() == null || c.getSpec().getJobTemplate().getSpec() == null
              ? null
              : c.getSpec().getJobTemplate().getSpec().getTemplate();
      default -> null;
    };
  }

  /**
   * Pods asked for: spec replicas of a Deployment or StatefulSet (Kubernetes defaults a missing
   * value to 1); the nodes a DaemonSet should run on; a Job's parallelism (default 1); for a
   * CronJob 0 when suspended, else 1.
   */
  public int desiredReplicas() {
    Integer replicas =
        switch (workload) {
          case Deployment d -> d.getSpec().getReplicas();
          case StatefulSet set -> set.getSpec().getReplicas();
          case DaemonSet d ->
              d.getStatus() == null
                  ? Integer.valueOf(0)
                  : d.getStatus().getDesiredNumberScheduled();
          case Job j -> j.getSpec().getParallelism();
          case CronJob c -> Boolean.TRUE.equals(c.getSpec().getSuspend()) ? 0 : 1;
          default -> null;
        };
    return replicas == null ? 1 : replicas;
  }

  /** Events whose involved object is this kind and name, newest last. */
  public List<Event> eventsFor(String kind, String name) {
    return events.stream()
        .filter(e -> e.getInvolvedObject() != null)
        .filter(e -> kind.equals(e.getInvolvedObject().getKind()))
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .sorted(Kube.EVENT_ORDER)
        .toList();
  }

  /** Whether metrics-server answered. */
  public boolean metricsAvailable() {
    return metrics != null;
  }
}

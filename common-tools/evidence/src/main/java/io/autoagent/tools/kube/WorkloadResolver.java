package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Alert;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves an alert to the workload it is about: a Deployment, StatefulSet, DaemonSet, Job or
 * CronJob.
 *
 * <ol>
 *   <li>An Alertmanager label that names a kind ({@code deployment}, {@code statefulset}, {@code
 *       daemonset}, {@code cronjob}, {@code job_name}, {@code pod}) picks that object; a pod or a
 *       Job is followed up its owner chain (Pod → ReplicaSet → Deployment, Pod → Job → CronJob, Pod
 *       → StatefulSet or DaemonSet).
 *   <li>Otherwise a workload named after the service, in the kind order above.
 *   <li>Otherwise workloads labelled with the service, by {@link ClusterReader#SERVICE_LABELS} in
 *       order (the release label first, as it is the most specific); when several match, the one
 *       whose labels agree with most of the alert's label values wins, then by kind and name.
 * </ol>
 *
 * Stateless; every read goes through the given {@link ClusterReader}.
 */
final class WorkloadResolver {

  /** Alert labels naming a workload kind, in the order they are tried. */
  static final List<String> KIND_LABELS =
      List.of("deployment", "statefulset", "daemonset", "cronjob", "job_name", "pod");

  static final List<String> KINDS =
      List.of("Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job");

  /** How many owner references are followed at most (Pod → Job → CronJob is two). */
  private static final int MAX_OWNER_HOPS = 3;

  private WorkloadResolver() {}

  static Optional<HasMetadata> resolve(ClusterReader reader, Alert alert) {
    String ns = alert.namespace();
    for (String label : KIND_LABELS) {
      String value = alert.labels().get(label);
      if (value == null || value.isBlank()) {
        continue;
      }
      Optional<HasMetadata> found = byKindLabel(reader, ns, label, value.strip());
      if (found.isPresent()) {
        return found;
      }
    }
    for (String kind : KINDS) {
      Optional<HasMetadata> named = named(reader, kind, ns, alert.service());
      if (named.isPresent()) {
        return named.map(w -> climb(reader, w));
      }
    }
    for (List<HasMetadata> labelled : reader.workloadsLabelled(ns, alert.service()).values()) {
      // a Job a CronJob started is found through its CronJob
      Optional<HasMetadata> best =
          labelled.stream()
              .filter(w -> !(w instanceof Job) || ClusterReader.controllerKey(w) == null)
              .max(byAgreement(alert.labels()));
      if (best.isPresent()) {
        return best;
      }
    }
    return Optional.empty();
  }

  /**
   * More alert label values found among the workload's labels or name first; then kind order, then
   * name.
   */
  static Comparator<HasMetadata> byAgreement(Map<String, String> alertLabels) {
    return Comparator.comparingInt((HasMetadata w) -> agreement(w, alertLabels))
        .thenComparing(
            Comparator.comparingInt((HasMetadata w) -> KINDS.indexOf(WorkloadSnapshot.kindOf(w)))
                .reversed())
        .thenComparing(
            Comparator.comparing((HasMetadata w) -> w.getMetadata().getName()).reversed());
  }

  private static int agreement(HasMetadata workload, Map<String, String> alertLabels) {
    Map<String, String> labels =
        workload.getMetadata().getLabels() == null ? Map.of() : workload.getMetadata().getLabels();
    int score = 0;
    for (String value : alertLabels.values()) {
      if (value != null
          && (labels.containsValue(value) || value.equals(workload.getMetadata().getName()))) {
        score++;
      }
    }
    return score;
  }

  private static Optional<HasMetadata> byKindLabel(
      ClusterReader reader, String ns, String label, String value) {
    return switch (label) {
      case "deployment" -> named(reader, "Deployment", ns, value);
      case "statefulset" -> named(reader, "StatefulSet", ns, value);
      case "daemonset" -> named(reader, "DaemonSet", ns, value);
      case "cronjob" -> named(reader, "CronJob", ns, value);
      case "job_name" -> named(reader, "Job", ns, value).map(j -> climb(reader, j));
      case "pod" -> reader.pod(ns, value).flatMap(p -> owner(reader, p, 0));
      default -> Optional.empty();
    };
  }

  static Optional<HasMetadata> named(ClusterReader reader, String kind, String ns, String name) {
    return switch (kind) {
      case "Deployment" -> reader.deployment(ns, name).map(w -> w);
      case "StatefulSet" -> reader.statefulSet(ns, name).map(w -> w);
      case "DaemonSet" -> reader.daemonSet(ns, name).map(w -> w);
      case "CronJob" -> reader.cronJob(ns, name).map(w -> w);
      case "Job" -> reader.job(ns, name).map(w -> w);
      default -> Optional.empty();
    };
  }

  /**
   * A Job started by a CronJob is analysed as the CronJob, whose other runs tell whether it keeps
   * failing.
   */
  private static HasMetadata climb(ClusterReader reader, HasMetadata workload) {
    if (workload instanceof Job job) {
      return owner(reader, job, 0).orElse(job);
    }
    return workload;
  }

  /** The supported workload at the top of this object's controller chain, or empty. */
  private static Optional<HasMetadata> owner(ClusterReader reader, HasMetadata object, int hops) {
    if (hops > MAX_OWNER_HOPS || object.getMetadata().getOwnerReferences() == null) {
      return Optional.empty();
    }
    String ns = object.getMetadata().getNamespace();
    Optional<OwnerReference> controller =
        object.getMetadata().getOwnerReferences().stream()
            .filter(o -> Boolean.TRUE.equals(o.getController()))
            .findFirst();
    if (controller.isEmpty()) {
      return object instanceof Pod ? Optional.empty() : Optional.of(object);
    }
    OwnerReference ref = controller.get();
    return switch (ref.getKind()) {
      case "ReplicaSet" ->
          reader.replicaSet(ns, ref.getName()).flatMap(rs -> owner(reader, rs, hops + 1));
      case "Job" ->
          reader
              .job(ns, ref.getName())
              .flatMap(j -> owner(reader, j, hops + 1).or(() -> Optional.of(j)));
      case "Deployment", "StatefulSet", "DaemonSet", "CronJob" ->
          named(reader, ref.getKind(), ns, ref.getName());
      default ->
          object instanceof ReplicaSet || object instanceof Pod
              ? Optional.empty()
              : Optional.of(object);
    };
  }
}

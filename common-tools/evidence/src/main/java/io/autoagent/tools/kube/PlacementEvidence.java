package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The objects behind volumes, placement and disruption of one workload, read only when its pods
 * give a reason to (a claim that is not bound, a pod that cannot be scheduled, a cordoned node, a
 * preemption). A {@code null} list means "not read", which detectors must not take for "none".
 *
 * @param claimsChecked names of the PersistentVolumeClaims the pods (and a StatefulSet's templates
 *     for its existing ordinals) mount that were looked up; empty when none was
 * @param claims those of them that exist, by name
 * @param volumes PersistentVolumes bound to those claims, by claim name (read for pods whose volume
 *     or probes misbehave)
 * @param storageClasses every StorageClass, or null when not read (no claim Pending)
 * @param clusterNodes every Node, or null when not read (no pod waits for a node)
 * @param disruptionBudgets PodDisruptionBudgets selecting the pods, or null when not read (no pod
 *     on a cordoned node and no eviction in the alert)
 * @param priorityClasses every PriorityClass, or null when not read (no preemption seen)
 * @param orphanedAutoscalers HPAs named after the service or workload whose scale target does not
 *     exist
 * @param relatedEvents events about objects the snapshot's keys do not name: {@code Preempted}
 *     events of the workload's pods (also of pods already gone) and events of KEDA ScaledObjects
 */
public record PlacementEvidence(
    Set<String> claimsChecked,
    Map<String, PersistentVolumeClaim> claims,
    Map<String, PersistentVolume> volumes,
    List<StorageClass> storageClasses,
    List<Node> clusterNodes,
    List<PodDisruptionBudget> disruptionBudgets,
    List<PriorityClass> priorityClasses,
    List<HorizontalPodAutoscaler> orphanedAutoscalers,
    List<Event> relatedEvents) {

  /** Nothing read. */
  public static final PlacementEvidence NONE =
      new PlacementEvidence(
          Set.of(), Map.of(), Map.of(), null, null, null, null, List.of(), List.of());

  public PlacementEvidence {
    claimsChecked = claimsChecked == null ? Set.of() : Set.copyOf(claimsChecked);
    claims = claims == null ? Map.of() : Map.copyOf(claims);
    volumes = volumes == null ? Map.of() : Map.copyOf(volumes);
    storageClasses = storageClasses == null ? null : List.copyOf(storageClasses);
    clusterNodes = clusterNodes == null ? null : List.copyOf(clusterNodes);
    disruptionBudgets = disruptionBudgets == null ? null : List.copyOf(disruptionBudgets);
    priorityClasses = priorityClasses == null ? null : List.copyOf(priorityClasses);
    orphanedAutoscalers =
        orphanedAutoscalers == null ? List.of() : List.copyOf(orphanedAutoscalers);
    relatedEvents = relatedEvents == null ? List.of() : List.copyOf(relatedEvents);
  }
}

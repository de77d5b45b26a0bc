package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.NOW;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.ts;

import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Objects and snapshots for the placement detectors' tests, built with fabric8 builders. */
final class PlacementFixtures {

  static final String NS = "shop";

  private PlacementFixtures() {}

  static Deployment deployment(int replicas) {
    return new DeploymentBuilder(ClusterObjects.deployment(NS, "web", replicas))
        .editMetadata()
        .withUid("dep-uid")
        .endMetadata()
        .build();
  }

  static ReplicaSet replicaSet(Deployment d) {
    ReplicaSet rs =
        ClusterObjects.replicaSet(
            d,
            "7d9c5b",
            "2",
            "registry.example.com/web:v2",
            d.getSpec().getReplicas(),
            d.getSpec().getReplicas());
    rs.getMetadata().setUid("rs-uid");
    return rs;
  }

  static Pod running(ReplicaSet rs, String suffix) {
    return ClusterObjects.pod(rs, suffix, ClusterObjects.runningReady());
  }

  static Pod running(ReplicaSet rs, String suffix, List<ContainerStatus> statuses) {
    return ClusterObjects.pod(rs, suffix, statuses);
  }

  /** A pod the scheduler could not place: Pending, PodScheduled=False, no node. */
  static Pod pending(ReplicaSet rs, String suffix) {
    Pod pod = ClusterObjects.pod(rs, suffix, ClusterObjects.waiting("ContainerCreating", null));
    return new PodBuilder(pod)
        .editSpec()
        .withNodeName(null)
        .endSpec()
        .editStatus()
        .withPhase("Pending")
        .withContainerStatuses(List.of())
        .withConditions(
            new PodConditionBuilder()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage("0/3 nodes are available")
                .build())
        .endStatus()
        .build();
  }

  /** A pod placed on a node but not started: Pending, PodScheduled=True. */
  static Pod waitingOnNode(ReplicaSet rs, String suffix, String node) {
    Pod pod = ClusterObjects.pod(rs, suffix, ClusterObjects.waiting("ContainerCreating", null));
    return new PodBuilder(pod)
        .editSpec()
        .withNodeName(node)
        .endSpec()
        .editStatus()
        .withPhase("Pending")
        .endStatus()
        .build();
  }

  static Pod withClaim(Pod pod, String claim) {
    return new PodBuilder(pod)
        .editSpec()
        .addNewVolume()
        .withName("data")
        .withNewPersistentVolumeClaim()
        .withClaimName(claim)
        .endPersistentVolumeClaim()
        .endVolume()
        .endSpec()
        .build();
  }

  static Node node(String name, Map<String, String> labels) {
    Node node = ClusterObjects.node(name, ClusterObjects.readyNode());
    Map<String, String> all = new HashMap<>(node.getMetadata().getLabels());
    all.putAll(labels);
    return new NodeBuilder(node).editMetadata().withLabels(all).endMetadata().build();
  }

  static Event event(
      String kind, String name, String type, String reason, String message, Instant last) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(name + "." + reason + "." + System.nanoTime())
        .withNamespace(NS)
        .endMetadata()
        .withNewInvolvedObject()
        .withKind(kind)
        .withName(name)
        .withNamespace(NS)
        .endInvolvedObject()
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withCount(3)
        .withFirstTimestamp(ts(last.minus(10, ChronoUnit.MINUTES)))
        .withLastTimestamp(ts(last))
        .build();
  }

  static Event warning(String kind, String name, String reason, String message) {
    return event(kind, name, "Warning", reason, message, NOW.minus(1, ChronoUnit.MINUTES));
  }

  static WorkloadSnapshot snapshot(
      HasMetadata workload,
      List<ReplicaSet> replicaSets,
      List<Pod> pods,
      Map<String, Node> nodes,
      List<Event> events,
      List<HorizontalPodAutoscaler> autoscalers,
      PlacementEvidence placement) {
    return new WorkloadSnapshot(
            ClusterObjects.alert(NS, workload.getMetadata().getName(), Severity.HIGH),
            NOW,
            workload,
            replicaSets,
            pods,
            nodes,
            events,
            List.of(),
            List.of(),
            autoscalers,
            null,
            Map.of(),
            List.of(),
            List.of())
        .withPlacement(placement);
  }

  static WorkloadSnapshot snapshot(
      Deployment d, List<Pod> pods, List<Event> events, PlacementEvidence placement) {
    return snapshot(d, List.of(replicaSet(d)), pods, Map.of(), events, List.of(), placement);
  }

  /** Placement evidence built piece by piece; unset parts stay "not read". */
  static final class Placement {
    private final Set<String> checked = new java.util.TreeSet<>();
    private final Map<String, PersistentVolumeClaim> claims = new HashMap<>();
    private final Map<String, PersistentVolume> volumes = new HashMap<>();
    private List<StorageClass> classes;
    private List<Node> nodes;
    private List<PodDisruptionBudget> budgets;
    private List<PriorityClass> priorities;
    private final List<HorizontalPodAutoscaler> orphans = new ArrayList<>();
    private final List<Event> related = new ArrayList<>();

    Placement checked(String claim) {
      checked.add(claim);
      return this;
    }

    Placement claim(PersistentVolumeClaim claim) {
      checked.add(claim.getMetadata().getName());
      claims.put(claim.getMetadata().getName(), claim);
      return this;
    }

    Placement volume(String claim, PersistentVolume volume) {
      volumes.put(claim, volume);
      return this;
    }

    Placement classes(StorageClass... all) {
      classes = List.of(all);
      return this;
    }

    Placement nodes(Node... all) {
      nodes = List.of(all);
      return this;
    }

    Placement budgets(PodDisruptionBudget... all) {
      budgets = List.of(all);
      return this;
    }

    Placement priorities(PriorityClass... all) {
      priorities = List.of(all);
      return this;
    }

    Placement orphan(HorizontalPodAutoscaler hpa) {
      orphans.add(hpa);
      return this;
    }

    Placement related(Event e) {
      related.add(e);
      return this;
    }

    PlacementEvidence build() {
      return new PlacementEvidence(
          checked, claims, volumes, classes, nodes, budgets, priorities, orphans, related);
    }
  }

  static Placement placement() {
    return new Placement();
  }
}

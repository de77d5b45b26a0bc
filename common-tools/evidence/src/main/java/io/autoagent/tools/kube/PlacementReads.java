package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Alert;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the placement evidence of one workload ({@link PlacementEvidence}), each kind only when the
 * snapshot gives a reason to, so a healthy workload costs no extra read. Claims, volumes and
 * disruption budgets are read per namespace from the API; StorageClasses and PriorityClasses are
 * cluster-scoped and few, so one list serves every analysis for {@link #CLUSTER_TTL}. A read that
 * fails (RBAC, API down) leaves its part "not read" and never fails the analysis.
 */
final class PlacementReads {

  private static final Logger log = LoggerFactory.getLogger(PlacementReads.class);
  static final Duration CLUSTER_TTL = Duration.ofMinutes(1);
  static final String SCALED_OBJECT_LABEL = "scaledobject.keda.sh/name";
  private static final Pattern EVICTION_WORDS =
      Pattern.compile("drain|evict|disruption", Pattern.CASE_INSENSITIVE);
  private static final Set<String> VOLUME_TROUBLE =
      Set.of("Unhealthy", "FailedMount", "Killing", "FailedKillPod");

  private final KubernetesClient client;
  private final Clock clock;
  private final Runnable failed;
  private final Cached<List<StorageClass>> storageClasses;
  private final Cached<List<PriorityClass>> priorityClasses;

  PlacementReads(KubernetesClient client, Clock clock) {
    this(client, clock, () -> {});
  }

  /**
   * @param failed counts a read that failed, so the analysis that went on without it is not reused
   */
  PlacementReads(KubernetesClient client, Clock clock, Runnable failed) {
    this.failed = failed;
    this.client = client;
    this.clock = clock;
    this.storageClasses =
        new Cached<>(() -> client.storage().v1().storageClasses().list().getItems());
    this.priorityClasses =
        new Cached<>(() -> client.scheduling().v1().priorityClasses().list().getItems());
  }

  PlacementEvidence read(ClusterReader reader, WorkloadSnapshot s) {
    String ns = s.namespace();
    Set<String> claimNames = claimNames(s.pods());
    Map<String, PersistentVolumeClaim> claims = new HashMap<>();
    Set<String> checked = new TreeSet<>();
    if (!allReady(s) || volumeTrouble(s)) {
      for (String name : claimNames) {
        Optional<PersistentVolumeClaim> claim =
            attempt(
                () ->
                    Optional.ofNullable(
                        client.persistentVolumeClaims().inNamespace(ns).withName(name).get()),
                "claim " + ns + "/" + name);
        if (claim != null) {
          checked.add(name);
          claim.ifPresent(c -> claims.put(name, c));
        }
      }
    }
    boolean pendingClaim = claims.values().stream().anyMatch(c -> "Pending".equals(phase(c)));
    List<StorageClass> classes = pendingClaim ? storageClasses.get(clock.instant()) : null;
    Map<String, PersistentVolume> volumes = new HashMap<>();
    if (volumeTrouble(s)) {
      claims.forEach(
          (name, claim) -> {
            String pv = claim.getSpec() == null ? null : claim.getSpec().getVolumeName();
            if (pv != null && !pv.isEmpty()) {
              PersistentVolume volume =
                  attempt(() -> client.persistentVolumes().withName(pv).get(), "volume " + pv);
              if (volume != null) {
                volumes.put(name, volume);
              }
            }
          });
    }
    List<Node> nodes = anyUnscheduled(s) ? attempt(reader::nodes, "nodes") : null;
    List<PodDisruptionBudget> budgets =
        evictionInPlay(s)
            ? attempt(
                () ->
                    client
                        .policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(ns)
                        .list()
                        .getItems()
                        .stream()
                        .filter(
                            b ->
                                selectsAny(
                                    b.getSpec() == null ? null : b.getSpec().getSelector(),
                                    s.pods()))
                        .toList(),
                "disruption budgets of " + ns)
            : null;
    List<Event> related = new ArrayList<>();
    if (!allReady(s)) {
      List<Event> preempted =
          attempt(
              () -> reader.eventsWithReason(ns, PreemptionDetector.PREEMPTED), "events of " + ns);
      if (preempted != null) {
        Set<String> prefixes = podNamePrefixes(s);
        preempted.stream()
            .filter(
                e -> e.getInvolvedObject() != null && "Pod".equals(e.getInvolvedObject().getKind()))
            .filter(
                e -> prefixes.stream().anyMatch(p -> e.getInvolvedObject().getName().startsWith(p)))
            .forEach(related::add);
      }
    }
    List<PriorityClass> priorities =
        related.isEmpty() ? null : priorityClasses.get(clock.instant());
    Set<String> scaledObjects = new LinkedHashSet<>();
    s.autoscalers().forEach(h -> scaledObject(h).ifPresent(scaledObjects::add));
    if (!scaledObjects.isEmpty()) {
      List<String> keys =
          scaledObjects.stream().map(n -> ClusterReader.key("ScaledObject", ns, n)).toList();
      List<Event> keda = attempt(() -> reader.events(ns, keys), "events of ScaledObjects in " + ns);
      if (keda != null) {
        related.addAll(keda);
      }
    }
    return new PlacementEvidence(
        checked,
        claims,
        volumes,
        classes,
        nodes,
        budgets,
        priorities,
        orphanedAutoscalers(reader, s),
        related);
  }

  /** The KEDA ScaledObject behind an HPA, from its label or the {@code keda-hpa-} name. */
  static Optional<String> scaledObject(HorizontalPodAutoscaler hpa) {
    Map<String, String> labels = hpa.getMetadata().getLabels();
    if (labels != null && labels.get(SCALED_OBJECT_LABEL) != null) {
      return Optional.of(labels.get(SCALED_OBJECT_LABEL));
    }
    String name = hpa.getMetadata().getName();
    return name.startsWith("keda-hpa-")
        ? Optional.of(name.substring("keda-hpa-".length()))
        : Optional.empty();
  }

  /**
   * HPAs named after the alerted service or the workload, or aimed at that name, whose target is
   * missing.
   */
  static List<HorizontalPodAutoscaler> orphanedAutoscalers(
      ClusterReader reader, WorkloadSnapshot s) {
    Alert alert = s.alert();
    Set<String> names = new java.util.HashSet<>(List.of(alert.service(), s.name()));
    List<HorizontalPodAutoscaler> out = new ArrayList<>();
    for (HorizontalPodAutoscaler h : reader.autoscalers(s.namespace())) {
      var ref = h.getSpec() == null ? null : h.getSpec().getScaleTargetRef();
      if (ref == null || ref.getName() == null || s.autoscalers().contains(h)) {
        continue;
      }
      if (!names.contains(h.getMetadata().getName()) && !names.contains(ref.getName())) {
        continue;
      }
      Optional<? extends HasMetadata> target =
          switch (String.valueOf(ref.getKind())) {
            case "Deployment" -> reader.deployment(s.namespace(), ref.getName());
            case "StatefulSet" -> reader.statefulSet(s.namespace(), ref.getName());
            case "ReplicaSet" -> reader.replicaSet(s.namespace(), ref.getName());
            default ->
                Optional.of(
                    s.workload()); // a kind we cannot look up is given the benefit of the doubt
          };
      if (target.isEmpty()) {
        out.add(h);
      }
    }
    return out;
  }

  static Set<String> claimNames(List<Pod> pods) {
    Set<String> names = new TreeSet<>();
    for (Pod pod : pods) {
      if (pod.getSpec() != null && pod.getSpec().getVolumes() != null) {
        pod.getSpec().getVolumes().stream()
            .filter(
                v ->
                    v.getPersistentVolumeClaim() != null
                        && v.getPersistentVolumeClaim().getClaimName() != null)
            .forEach(v -> names.add(v.getPersistentVolumeClaim().getClaimName()));
      }
    }
    return names;
  }

  /** Whether every pod runs ready and there are as many as asked for. */
  static boolean allReady(WorkloadSnapshot s) {
    return s.pods().size() >= s.desiredReplicas()
        && s.pods().stream().allMatch(PlacementReads::ready);
  }

  static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Probe failures, failed mounts, kills or a pod stuck terminating: worth knowing the volumes. */
  static boolean volumeTrouble(WorkloadSnapshot s) {
    boolean terminating =
        s.pods().stream().anyMatch(p -> p.getMetadata().getDeletionTimestamp() != null);
    return terminating || s.events().stream().anyMatch(e -> VOLUME_TROUBLE.contains(e.getReason()));
  }

  static boolean anyUnscheduled(WorkloadSnapshot s) {
    return s.pods().stream()
        .anyMatch(
            p ->
                p.getStatus() != null
                    && "Pending".equals(p.getStatus().getPhase())
                    && UnschedulableDetector.condition(p, "PodScheduled")
                        .filter(c -> "False".equals(c.getStatus()))
                        .isPresent());
  }

  /** A pod on a cordoned node, or an alert that speaks of draining or evicting. */
  static boolean evictionInPlay(WorkloadSnapshot s) {
    boolean cordoned =
        s.nodes().values().stream()
            .anyMatch(
                n -> n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable()));
    String text =
        (s.alert().reason() == null ? "" : s.alert().reason())
            + " "
            + (s.alert().summary() == null ? "" : s.alert().summary());
    return cordoned || EVICTION_WORDS.matcher(text).find();
  }

  /** Name prefixes of the workload's pods, so events of pods already deleted still count. */
  static Set<String> podNamePrefixes(WorkloadSnapshot s) {
    Set<String> prefixes = new LinkedHashSet<>();
    s.replicaSets().forEach(rs -> prefixes.add(rs.getMetadata().getName() + "-"));
    s.jobs().forEach(j -> prefixes.add(j.getMetadata().getName() + "-"));
    if (s.replicaSets().isEmpty() && s.jobs().isEmpty()) {
      prefixes.add(s.name() + "-");
    }
    return prefixes;
  }

  /** Whether a label selector (matchLabels and matchExpressions) selects any of the pods. */
  static boolean selectsAny(LabelSelector selector, List<Pod> pods) {
    return selector != null
        && pods.stream()
            .anyMatch(p -> LabelSelectors.matches(selector, p.getMetadata().getLabels()));
  }

  static String phase(PersistentVolumeClaim claim) {
    return claim.getStatus() == null ? null : claim.getStatus().getPhase();
  }

  private <T> T attempt(Supplier<T> read, String what) {
    try {
      return read.get();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404 && e.getCode() != 403) {
        failed.run(); // absent or not allowed is an answer; anything else a failed read
      }
      log.warn("Reading {} failed ({}); the analysis goes on without it", what, e.getCode());
      return null;
    } catch (RuntimeException e) {
      failed.run();
      log.warn("Reading {} failed: {}", what, e.toString());
      return null;
    }
  }

  /** One cluster-scoped list, kept for {@link #CLUSTER_TTL}; a failed read is retried next time. */
  private final class Cached<T> {
    private final Supplier<T> read;
    private T value;
    private Instant readAt = Instant.MIN;

    Cached(Supplier<T> read) {
      this.read = read;
    }

    synchronized T get(Instant now) {
      if (value == null || readAt.plus(CLUSTER_TTL).isBefore(now)) {
        T fresh = attempt(read, "cluster-scoped list");
        if (fresh != null) {
          value = fresh;
          readAt = now;
        }
      }
      return value;
    }
  }

  static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}

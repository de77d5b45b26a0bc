package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * STORAGE from the claim objects themselves, not only their events:
 *
 * <ul>
 *   <li>a pod mounts a PersistentVolumeClaim that does not exist ({@code claim_missing});
 *   <li>a Pending claim names a StorageClass that does not exist ({@code storage_class_missing}),
 *       or names none while the cluster has no default class ({@code no_storage_class});
 *   <li>a Pending claim whose class's provisioner has said nothing but "waiting for a volume to be
 *       created" for {@link #PROVISIONER_SILENT} ({@code no_provisioner}), or refused ({@code
 *       provisioning});
 *   <li>a ReadWriteOnce claim mounted by the workload's pods on two nodes ({@code multi_attach}).
 * </ul>
 *
 * A claim of a {@code WaitForFirstConsumer} class waits for its pod to be placed: while the pod is
 * unschedulable for another reason, that reason is the cause and no finding is made here.
 */
final class VolumeClaimDetector implements FailureDetector {

  static final Duration PROVISIONER_SILENT = Duration.ofMinutes(2);
  static final String DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
  private static final Set<String> EXCLUSIVE = Set.of("ReadWriteOnce", "ReadWriteOncePod");

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (String name : snapshot.placement().claimsChecked()) {
      problem(snapshot, name).ifPresent(findings::add);
    }
    return findings;
  }

  /**
   * Whether this detector reports the claim (so the event-based {@link StorageDetector} need not).
   */
  static boolean covers(WorkloadSnapshot snapshot, String claim) {
    return snapshot.placement().claimsChecked().contains(claim)
        && problem(snapshot, claim).isPresent();
  }

  static Optional<Finding> problem(WorkloadSnapshot s, String name) {
    PersistentVolumeClaim claim = s.placement().claims().get(name);
    List<Pod> users =
        s.pods().stream()
            .filter(p -> PlacementReads.claimNames(List.of(p)).contains(name))
            .toList();
    if (claim == null) {
      boolean waiting =
          users.stream()
              .anyMatch(p -> p.getStatus() != null && !"Running".equals(p.getStatus().getPhase()));
      return waiting
          ? Optional.of(
              finding(
                  s,
                  name,
                  "claim_missing",
                  "pod "
                      + users.getFirst().getMetadata().getName()
                      + " mounts PersistentVolumeClaim "
                      + name
                      + ", which does not exist, so it cannot start",
                  List.of("persistentvolumeclaims \"" + name + "\" not found"),
                  users))
          : Optional.empty();
    }
    if ("Bound".equals(PlacementReads.phase(claim))) {
      return multiAttach(s, name, claim, users);
    }
    if (!"Pending".equals(PlacementReads.phase(claim)) || claim.getSpec() == null) {
      return Optional.empty();
    }
    List<String> evidence = new ArrayList<>();
    evidence.add(describe(name, claim));
    List<Event> events = s.eventsFor("PersistentVolumeClaim", name);
    events.stream().map(Kube::eventLine).forEach(evidence::add);
    String className = claim.getSpec().getStorageClassName();
    List<StorageClass> classes = s.placement().storageClasses();
    if (classes == null) {
      return Optional.empty();
    }
    List<String> known = classes.stream().map(c -> c.getMetadata().getName()).sorted().toList();
    if (className == null) {
      if (classes.stream().noneMatch(VolumeClaimDetector::isDefault)) {
        evidence.add(
            "StorageClasses: "
                + (known.isEmpty() ? "none" : String.join(", ", known))
                + "; none is the default");
        return Optional.of(
            finding(
                s,
                name,
                "no_storage_class",
                "PersistentVolumeClaim "
                    + name
                    + " names no StorageClass and the cluster has no default one, so no volume is provisioned for it",
                evidence,
                users));
      }
      return Optional.empty();
    }
    if (className.isEmpty()) {
      return Optional
          .empty(); // binds to a pre-created volume; the scheduler's message tells the rest
    }
    Optional<StorageClass> sc =
        classes.stream().filter(c -> className.equals(c.getMetadata().getName())).findFirst();
    // The PV controller names the provisioner on the claim only when the class existed; a class
    // missing from our list while the claim names its provisioner was deleted since, or not listed.
    String annotated =
        annotation(
            claim,
            "volume.kubernetes.io/storage-provisioner",
            "volume.beta.kubernetes.io/storage-provisioner");
    boolean saidMissing =
        events.stream()
            .anyMatch(
                e ->
                    "ProvisioningFailed".equals(e.getReason())
                        && e.getMessage() != null
                        && e.getMessage()
                            .contains(
                                "storageclass.storage.k8s.io \"" + className + "\" not found"));
    if (saidMissing || (sc.isEmpty() && annotated == null)) {
      evidence.add(
          "StorageClasses that exist: " + (known.isEmpty() ? "none" : String.join(", ", known)));
      return Optional.of(
          finding(
              s,
              name,
              "storage_class_missing",
              "PersistentVolumeClaim "
                  + name
                  + " asks for StorageClass "
                  + className
                  + ", which does not exist",
              evidence,
              users));
    }
    StorageClass cls = sc.orElse(null);
    String provisioner = cls == null ? annotated : cls.getProvisioner();
    evidence.add(
        "StorageClass "
            + className
            + ": provisioner="
            + provisioner
            + ", volumeBindingMode="
            + Kube.orDash(cls == null ? null : cls.getVolumeBindingMode()));
    boolean waitsForConsumer =
        cls != null && "WaitForFirstConsumer".equals(cls.getVolumeBindingMode());
    boolean placed =
        claim.getMetadata().getAnnotations() != null
            && claim
                .getMetadata()
                .getAnnotations()
                .containsKey("volume.kubernetes.io/selected-node");
    if (waitsForConsumer && !placed) {
      return Optional.empty();
    }
    List<Event> refused =
        events.stream().filter(e -> "ProvisioningFailed".equals(e.getReason())).toList();
    if (!refused.isEmpty()) {
      return Optional.of(
          finding(
              s,
              name,
              "provisioning",
              "PersistentVolumeClaim "
                  + name
                  + " cannot be provisioned by "
                  + provisioner
                  + ": "
                  + refused.getLast().getMessage(),
              evidence,
              users));
    }
    Optional<Instant> waitingSince =
        events.stream()
            .filter(e -> "ExternalProvisioning".equals(e.getReason()))
            .map(e -> Kube.instant(e.getFirstTimestamp()))
            .filter(t -> t != null)
            .min(Instant::compareTo);
    if (waitingSince.isPresent()
        && !waitingSince.get().plus(PROVISIONER_SILENT).isAfter(s.now())
        && events.stream().noneMatch(e -> "Provisioning".equals(e.getReason()))) {
      return Optional.of(
          finding(
              s,
              name,
              "no_provisioner",
              "PersistentVolumeClaim "
                  + name
                  + " has waited since "
                  + waitingSince.get()
                  + " for provisioner "
                  + provisioner
                  + " of StorageClass "
                  + className
                  + ", which has not acted: it is not installed or not running",
              evidence,
              users));
    }
    return Optional.empty();
  }

  private static Optional<Finding> multiAttach(
      WorkloadSnapshot s, String name, PersistentVolumeClaim claim, List<Pod> users) {
    List<String> modes =
        claim.getSpec() == null || claim.getSpec().getAccessModes() == null
            ? List.of()
            : claim.getSpec().getAccessModes();
    if (modes.isEmpty() || !modes.stream().allMatch(EXCLUSIVE::contains)) {
      return Optional.empty();
    }
    Set<String> nodes = new TreeSet<>();
    users.stream()
        .filter(p -> p.getSpec() != null && p.getSpec().getNodeName() != null)
        .forEach(p -> nodes.add(p.getSpec().getNodeName()));
    boolean stuck =
        users.stream()
            .anyMatch(p -> p.getStatus() != null && !"Running".equals(p.getStatus().getPhase()));
    if (nodes.size() < 2 || !stuck) {
      return Optional.empty();
    }
    List<String> evidence = new ArrayList<>();
    evidence.add(describe(name, claim));
    users.forEach(
        p ->
            evidence.add(
                "pod "
                    + p.getMetadata().getName()
                    + " on node "
                    + Kube.orDash(p.getSpec().getNodeName())
                    + ", phase "
                    + Kube.orDash(p.getStatus() == null ? null : p.getStatus().getPhase())));
    s.events().stream()
        .filter(e -> "FailedAttachVolume".equals(e.getReason()))
        .map(Kube::eventLine)
        .forEach(evidence::add);
    return Optional.of(
        finding(
            s,
            name,
            "multi_attach",
            "PersistentVolumeClaim "
                + name
                + " is "
                + String.join(",", modes)
                + " but pods of "
                + s.kind()
                + " "
                + s.name()
                + " need it on nodes "
                + String.join(" and ", nodes)
                + " at once (Multi-Attach): the new pod waits until the old one releases it",
            evidence,
            users));
  }

  private static String annotation(PersistentVolumeClaim claim, String... keys) {
    Map<String, String> annotations = claim.getMetadata().getAnnotations();
    if (annotations != null) {
      for (String key : keys) {
        if (annotations.get(key) != null) {
          return annotations.get(key);
        }
      }
    }
    return null;
  }

  private static boolean isDefault(StorageClass c) {
    Map<String, String> annotations = c.getMetadata().getAnnotations();
    return annotations != null
        && ("true".equals(annotations.get(DEFAULT_CLASS))
            || "true".equals(annotations.get("storageclass.beta.kubernetes.io/is-default-class")));
  }

  private static String describe(String name, PersistentVolumeClaim claim) {
    var spec = claim.getSpec();
    return "PersistentVolumeClaim "
        + name
        + ": phase="
        + Kube.orDash(PlacementReads.phase(claim))
        + ", storageClassName="
        + Kube.orDash(spec == null ? null : spec.getStorageClassName())
        + ", accessModes="
        + Kube.orDash(spec == null ? null : spec.getAccessModes())
        + ", volumeName="
        + Kube.orDash(spec == null ? null : spec.getVolumeName());
  }

  private static Finding finding(
      WorkloadSnapshot s,
      String claim,
      String problem,
      String what,
      List<String> evidence,
      List<Pod> users) {
    return new Finding(
        Category.STORAGE,
        Severity.HIGH,
        Kube.ref("PersistentVolumeClaim", s.namespace(), claim),
        "Storage of " + s.kind() + " " + s.name() + ": " + what + ".",
        evidence,
        Kube.attrs(
            StorageDetector.ATTR_VOLUME_PROBLEM,
            problem,
            StorageDetector.ATTR_CLAIM,
            claim,
            Finding.ATTR_POD,
            users.isEmpty() ? null : users.getFirst().getMetadata().getName()));
  }
}

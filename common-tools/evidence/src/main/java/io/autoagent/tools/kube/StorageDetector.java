package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A volume that cannot be provisioned, attached or mounted, or is full:
 *
 * <ul>
 *   <li>{@code ProvisioningFailed} on a claim the pods mount (a missing StorageClass, a provisioner
 *       refusing), and a claim waiting for an external provisioner while a pod is unschedulable
 *       because of unbound claims (no provisioner runs);
 *   <li>{@code FailedAttachVolume} (including Multi-Attach) and {@code FailedMount} on the pods,
 *       except a mount of a missing ConfigMap or Secret, which is a configuration error;
 *   <li>{@code no space left on device} in a crash-looping container's previous log.
 * </ul>
 *
 * One finding per claim or pod, within the alert's window.
 */
final class StorageDetector implements FailureDetector {

  static final String ATTR_CLAIM = "claim";
  static final String ATTR_VOLUME_PROBLEM = "volume_problem";
  private static final Set<String> POD_REASONS = Set.of("FailedMount", "FailedAttachVolume");
  private static final Pattern CONFIG_OBJECT_MISSING =
      Pattern.compile("(configmap|secret)s? \"[^\"]+\" not found", Pattern.CASE_INSENSITIVE);
  private static final Pattern DISK_FULL =
      Pattern.compile("no space left on device", Pattern.CASE_INSENSITIVE);
  private static final String UNBOUND_CLAIMS = "unbound immediate PersistentVolumeClaims";

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    Instant since = Detectors.since(snapshot);
    boolean unbound =
        snapshot.events().stream()
            .anyMatch(
                e ->
                    "FailedScheduling".equals(e.getReason())
                        && e.getMessage() != null
                        && e.getMessage().contains(UNBOUND_CLAIMS));
    Map<String, List<Event>> byObject = new LinkedHashMap<>();
    for (Event e : snapshot.events()) {
      Instant at = Kube.eventTime(e);
      if (e.getInvolvedObject() == null
          || e.getMessage() == null
          || (at != null && at.isBefore(since))) {
        continue;
      }
      String kind = e.getInvolvedObject().getKind();
      boolean claimProblem =
          "PersistentVolumeClaim".equals(kind)
              && ("ProvisioningFailed".equals(e.getReason())
                  || (unbound && "ExternalProvisioning".equals(e.getReason())))
              && !VolumeClaimDetector.covers(snapshot, e.getInvolvedObject().getName());
      boolean podProblem =
          "Pod".equals(kind)
              && POD_REASONS.contains(e.getReason())
              && !CONFIG_OBJECT_MISSING.matcher(e.getMessage()).find();
      if (claimProblem || podProblem) {
        byObject
            .computeIfAbsent(kind + "/" + e.getInvolvedObject().getName(), k -> new ArrayList<>())
            .add(e);
      }
    }
    List<Finding> findings = new ArrayList<>();
    byObject.forEach((key, events) -> findings.add(eventFinding(snapshot, key, events)));
    snapshot
        .previousLogs()
        .forEach(
            (podContainer, log) -> {
              if (log != null && DISK_FULL.matcher(log).find()) {
                findings.add(diskFull(snapshot, podContainer, log));
              }
            });
    return findings;
  }

  private static Finding eventFinding(WorkloadSnapshot snapshot, String key, List<Event> events) {
    List<Event> sorted = events.stream().sorted(Kube.EVENT_ORDER).toList();
    Event last = sorted.getLast();
    String kind = key.substring(0, key.indexOf('/'));
    String name = key.substring(key.indexOf('/') + 1);
    String problem =
        switch (last.getReason()) {
          case "ProvisioningFailed" -> "provisioning";
          case "ExternalProvisioning" -> "no_provisioner";
          case "FailedAttachVolume" ->
              last.getMessage().contains("Multi-Attach") ? "multi_attach" : "attach";
          default -> "mount";
        };
    String what =
        switch (problem) {
          case "provisioning" -> "PersistentVolumeClaim " + name + " cannot be provisioned";
          case "no_provisioner" ->
              "PersistentVolumeClaim "
                  + name
                  + " waits for a provisioner that never creates its volume";
          case "multi_attach" ->
              "pod "
                  + name
                  + " cannot attach its volume: it is still attached to another node (Multi-Attach)";
          case "attach" -> "pod " + name + " cannot attach its volume";
          default -> "pod " + name + " cannot mount its volume";
        };
    return new Finding(
        Category.STORAGE,
        Severity.HIGH,
        Kube.ref(kind, snapshot.namespace(), name),
        "Storage of "
            + snapshot.kind()
            + " "
            + snapshot.name()
            + ": "
            + what
            + ": "
            + last.getMessage(),
        sorted.stream().map(Kube::eventLine).toList(),
        Kube.attrs(
            ATTR_VOLUME_PROBLEM,
            problem,
            ATTR_CLAIM,
            kind.equals("PersistentVolumeClaim") ? name : null,
            Finding.ATTR_POD,
            kind.equals("Pod") ? name : null));
  }

  private static Finding diskFull(WorkloadSnapshot snapshot, String podContainer, String log) {
    String pod = podContainer.substring(0, podContainer.indexOf('/'));
    String container = podContainer.substring(podContainer.indexOf('/') + 1);
    List<String> evidence = new ArrayList<>();
    evidence.add("previous log of " + podContainer + ":");
    log.lines()
        .filter(l -> DISK_FULL.matcher(l).find())
        .limit(5)
        .map(l -> "  " + l)
        .forEach(evidence::add);
    return new Finding(
        Category.STORAGE,
        Severity.HIGH,
        Kube.ref("Pod", snapshot.namespace(), pod),
        "Container "
            + container
            + " of pod "
            + pod
            + " fails because a volume is full (no space left on device).",
        evidence,
        Kube.attrs(
            ATTR_VOLUME_PROBLEM, "full", Finding.ATTR_POD, pod, Finding.ATTR_CONTAINER, container));
  }
}

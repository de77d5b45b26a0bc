package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * STORAGE when a network file system mount hangs: a pod that mounts NFS (an inline {@code nfs}
 * volume, or a claim bound to an NFS or NFS-CSI PersistentVolume) whose probes time out, whose
 * mount times out, or which is stuck terminating. A hung mount blocks every process that touches
 * it, so the probes fail and a restarted pod hangs on the same mount: the finding says {@code
 * restart_unsafe}. A probe that answers with an error (an HTTP 500) is not a hang.
 */
final class NfsMountDetector implements FailureDetector {

  private static final Pattern TIMEOUT =
      Pattern.compile(
          "context deadline exceeded|timed out|timeout|i/o timeout|not responding|stale file handle",
          Pattern.CASE_INSENSITIVE);
  private static final Duration STUCK_TERMINATING = Duration.ofMinutes(5);

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    Instant since = Detectors.since(snapshot);
    List<Finding> findings = new ArrayList<>();
    for (Pod pod : snapshot.pods()) {
      Optional<String> nfs = nfsVolume(snapshot, pod);
      if (nfs.isEmpty()) {
        continue;
      }
      String name = pod.getMetadata().getName();
      List<Event> hangs =
          snapshot.eventsFor("Pod", name).stream()
              .filter(e -> Kube.eventTime(e) == null || !Kube.eventTime(e).isBefore(since))
              .filter(
                  e ->
                      ("Unhealthy".equals(e.getReason())
                              || "FailedMount".equals(e.getReason())
                              || "FailedKillPod".equals(e.getReason()))
                          && e.getMessage() != null
                          && TIMEOUT.matcher(e.getMessage()).find())
              .toList();
      Instant deleting = Kube.instant(pod.getMetadata().getDeletionTimestamp());
      boolean stuck = deleting != null && deleting.plus(STUCK_TERMINATING).isBefore(snapshot.now());
      if (hangs.isEmpty() && !stuck) {
        continue;
      }
      List<String> evidence = new ArrayList<>();
      evidence.add("pod " + name + " mounts " + nfs.get());
      if (stuck) {
        evidence.add("pod " + name + ": deletionTimestamp=" + deleting + ", still not gone");
      }
      hangs.stream().map(Kube::eventLine).forEach(evidence::add);
      findings.add(
          new Finding(
              Category.STORAGE,
              Severity.HIGH,
              Kube.podRef(pod),
              "Pod "
                  + name
                  + " hangs on its NFS mount ("
                  + nfs.get()
                  + "): "
                  + (stuck ? "it is stuck terminating and " : "")
                  + (hangs.isEmpty() ? "" : "its probes or mount time out")
                  + "; check the NFS server and the network to it, a restarted pod hangs on the same mount.",
              evidence,
              Kube.attrs(
                  StorageDetector.ATTR_VOLUME_PROBLEM,
                  "nfs_hang",
                  CrashLoopDetector.ATTR_RESTART_UNSAFE,
                  "true",
                  Finding.ATTR_POD,
                  name,
                  Finding.ATTR_NODE,
                  pod.getSpec() == null ? null : pod.getSpec().getNodeName())));
    }
    return findings;
  }

  /** A description of the pod's first NFS volume, if it has one. */
  static Optional<String> nfsVolume(WorkloadSnapshot snapshot, Pod pod) {
    if (pod.getSpec() == null || pod.getSpec().getVolumes() == null) {
      return Optional.empty();
    }
    for (Volume v : pod.getSpec().getVolumes()) {
      if (v.getNfs() != null) {
        return Optional.of(
            "volume "
                + v.getName()
                + " (nfs "
                + v.getNfs().getServer()
                + ":"
                + v.getNfs().getPath()
                + ")");
      }
      if (v.getPersistentVolumeClaim() != null) {
        PersistentVolume pv =
            snapshot.placement().volumes().get(v.getPersistentVolumeClaim().getClaimName());
        if (pv != null && pv.getSpec() != null) {
          if (pv.getSpec().getNfs() != null) {
            return Optional.of(
                "claim "
                    + v.getPersistentVolumeClaim().getClaimName()
                    + " (PersistentVolume "
                    + pv.getMetadata().getName()
                    + ", nfs "
                    + pv.getSpec().getNfs().getServer()
                    + ":"
                    + pv.getSpec().getNfs().getPath()
                    + ")");
          }
          if (pv.getSpec().getCsi() != null
              && PlacementReads.lower(pv.getSpec().getCsi().getDriver()).contains("nfs")) {
            return Optional.of(
                "claim "
                    + v.getPersistentVolumeClaim().getClaimName()
                    + " (PersistentVolume "
                    + pv.getMetadata().getName()
                    + ", CSI driver "
                    + pv.getSpec().getCsi().getDriver()
                    + ")");
          }
        }
      }
    }
    return Optional.empty();
  }
}

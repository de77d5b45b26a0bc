package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A StatefulSet whose template was already set back (a reverted and synced change) but whose broken
 * pod still runs the old revision: the pod's {@code controller-revision-hash} differs from {@code
 * status.updateRevision} and it is not Ready. With the default {@code OrderedReady} policy the
 * controller waits for that pod to become Ready before it replaces it, which it never does
 * (Kubernetes "forced rollback"): the pod must be deleted so it is recreated at the update
 * revision. A rollback would re-apply an older template and a rolling restart waits on the same
 * pod, so the finding says {@code restart_unsafe=true} and names the pod to delete.
 */
final class StuckStatefulSetPodDetector implements FailureDetector {

  static final String REVISION_LABEL = "controller-revision-hash";
  static final String ATTR_STUCK_REVISION = "stuck_revision";
  static final String ATTR_UPDATE_REVISION = "update_revision";

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    if (!(snapshot.workload() instanceof StatefulSet set)
        || set.getStatus() == null
        || set.getStatus().getUpdateRevision() == null) {
      return List.of();
    }
    String update = set.getStatus().getUpdateRevision();
    List<Finding> findings = new ArrayList<>();
    for (Pod pod : snapshot.pods()) {
      Map<String, String> labels = pod.getMetadata().getLabels();
      String hash = labels == null ? null : labels.get(REVISION_LABEL);
      if (hash == null || hash.equals(update) || LiveEvidenceReader.ready(pod) || !failing(pod)) {
        continue;
      }
      String name = pod.getMetadata().getName();
      findings.add(
          new Finding(
              Category.ROLLOUT_STUCK,
              Severity.HIGH,
              Kube.podRef(pod),
              "StatefulSet "
                  + snapshot.name()
                  + " is stuck: pod "
                  + name
                  + " still runs revision "
                  + hash
                  + " and fails, while the StatefulSet now asks for revision "
                  + update
                  + " (the change was already set back); the controller waits for the pod to become Ready before it "
                  + "replaces it, so delete pod "
                  + name
                  + " to have it recreated at "
                  + update
                  + ". Neither a rollback nor a rolling restart unsticks it.",
              List.of(
                  "pod " + name + " label " + REVISION_LABEL + "=" + hash,
                  "StatefulSet status.updateRevision="
                      + update
                      + ", currentRevision="
                      + set.getStatus().getCurrentRevision()),
              Kube.attrs(
                  Finding.ATTR_POD,
                  name,
                  ATTR_STUCK_REVISION,
                  hash,
                  ATTR_UPDATE_REVISION,
                  update,
                  CrashLoopDetector.ATTR_RESTART_UNSAFE,
                  "true")));
    }
    return findings;
  }

  private static boolean failing(Pod pod) {
    for (ContainerStatus s : Kube.statuses(pod)) {
      if (Kube.waitingReason(s) != null || Boolean.FALSE.equals(s.getReady())) {
        return true;
      }
    }
    return false;
  }
}

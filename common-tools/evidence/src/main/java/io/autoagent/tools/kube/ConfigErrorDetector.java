package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CONFIG_ERROR: CreateContainerConfigError, naming the missing ConfigMap, Secret or key from the
 * kubelet's message ({@code configmap "app-config" not found}, {@code couldn't find key DB_PASSWORD
 * in Secret prod/db}).
 */
final class ConfigErrorDetector implements FailureDetector {

  private static final Pattern MISSING_OBJECT =
      Pattern.compile("(configmap|secret) \"([^\"]+)\" not found", Pattern.CASE_INSENSITIVE);
  private static final Pattern MISSING_KEY =
      Pattern.compile(
          "couldn't find key (\\S+) in (ConfigMap|Secret) (?:[^/\\s]+/)?(\\S+)",
          Pattern.CASE_INSENSITIVE);

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (Pod pod : snapshot.pods()) {
      boolean reported = false;
      for (ContainerStatus status : Kube.statuses(pod)) {
        if ("CreateContainerConfigError".equals(Kube.waitingReason(status))) {
          findings.add(finding(snapshot, pod, status));
          reported = true;
        }
      }
      if (!reported) {
        mountFailure(snapshot, pod).ifPresent(findings::add);
      }
    }
    return findings;
  }

  /**
   * A Secret or ConfigMap mounted as a volume that does not exist keeps the pod in
   * ContainerCreating with FailedMount events, never CreateContainerConfigError.
   */
  private static java.util.Optional<Finding> mountFailure(WorkloadSnapshot snapshot, Pod pod) {
    boolean creating =
        "Pending".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase())
            || Kube.statuses(pod).stream()
                .anyMatch(st -> "ContainerCreating".equals(Kube.waitingReason(st)));
    if (!creating) {
      return java.util.Optional.empty();
    }
    String podName = pod.getMetadata().getName();
    return snapshot.eventsFor("Pod", podName).stream()
        .filter(
            e -> Kube.isWarning(e) && "FailedMount".equals(e.getReason()) && e.getMessage() != null)
        .filter(e -> MISSING_OBJECT.matcher(e.getMessage()).find())
        .findFirst()
        .map(
            e -> {
              Matcher m = MISSING_OBJECT.matcher(e.getMessage());
              m.find();
              boolean isSecret = m.group(1).equalsIgnoreCase("secret");
              String kind = isSecret ? "Secret " : "ConfigMap ";
              return new Finding(
                  Category.CONFIG_ERROR,
                  Severity.HIGH,
                  Kube.podRef(pod),
                  "Pod "
                      + podName
                      + " cannot start: the volume from "
                      + kind
                      + m.group(2)
                      + " cannot be mounted because it does not exist.",
                  List.of(Kube.eventLine(e)),
                  Kube.attrs(
                      Finding.ATTR_POD, podName,
                      Finding.ATTR_CONFIGMAP, isSecret ? null : m.group(2),
                      Finding.ATTR_SECRET, isSecret ? m.group(2) : null));
            });
  }

  private static Finding finding(WorkloadSnapshot snapshot, Pod pod, ContainerStatus status) {
    String podName = pod.getMetadata().getName();
    String text = Kube.orDash(Kube.waitingMessage(status));
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "pod "
            + podName
            + " container "
            + status.getName()
            + ": state.waiting.reason=CreateContainerConfigError ("
            + text
            + ")");
    snapshot.eventsFor("Pod", podName).stream()
        .filter(e -> Kube.isWarning(e) && "Failed".equals(e.getReason()))
        .map(Kube::eventLine)
        .forEach(evidence::add);
    String configMap = null;
    String secret = null;
    String key = null;
    String what;
    Matcher keyMatch = MISSING_KEY.matcher(text);
    Matcher objectMatch = MISSING_OBJECT.matcher(text);
    if (keyMatch.find()) {
      key = keyMatch.group(1);
      boolean isSecret = keyMatch.group(2).equalsIgnoreCase("secret");
      if (isSecret) {
        secret = keyMatch.group(3);
      } else {
        configMap = keyMatch.group(3);
      }
      what =
          "key "
              + key
              + " is missing from "
              + (isSecret ? "Secret " : "ConfigMap ")
              + keyMatch.group(3);
    } else if (objectMatch.find()) {
      boolean isSecret = objectMatch.group(1).equalsIgnoreCase("secret");
      if (isSecret) {
        secret = objectMatch.group(2);
      } else {
        configMap = objectMatch.group(2);
      }
      what = (isSecret ? "Secret " : "ConfigMap ") + objectMatch.group(2) + " does not exist";
    } else {
      what = "its configuration is invalid (" + text + ")";
    }
    return new Finding(
        Category.CONFIG_ERROR,
        Severity.HIGH,
        Kube.podRef(pod),
        "Container " + status.getName() + " of pod " + podName + " cannot start: " + what + ".",
        evidence,
        Kube.attrs(
            Finding.ATTR_POD, podName,
            Finding.ATTR_CONTAINER, status.getName(),
            Finding.ATTR_CONFIGMAP, configMap,
            Finding.ATTR_SECRET, secret,
            Finding.ATTR_KEY, key));
  }
}

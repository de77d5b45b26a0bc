package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * IMAGE_PULL: ErrImagePull, ImagePullBackOff or InvalidImageName. The kubelet's event message tells
 * a missing image or tag from a registry that refused our credentials.
 */
final class ImagePullDetector implements FailureDetector {

  /**
   * Attribute: {@code missing_image}, {@code auth}, {@code invalid_name}, {@code unreachable} or
   * {@code unknown}.
   */
  static final String ATTR_PULL_FAILURE = "pull_failure";

  private static final Set<String> REASONS =
      Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName");

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (Pod pod : snapshot.pods()) {
      for (ContainerStatus status : Kube.statuses(pod)) {
        String reason = Kube.waitingReason(status);
        if (reason != null && REASONS.contains(reason)) {
          findings.add(finding(snapshot, pod, status, reason));
        }
      }
    }
    return findings;
  }

  private static Finding finding(
      WorkloadSnapshot snapshot, Pod pod, ContainerStatus status, String reason) {
    String podName = pod.getMetadata().getName();
    String image =
        Kube.container(pod, status.getName()).map(c -> c.getImage()).orElse(status.getImage());
    List<Event> pullEvents =
        snapshot.eventsFor("Pod", podName).stream()
            .filter(
                e ->
                    Kube.isWarning(e)
                        && ("Failed".equals(e.getReason())
                            || "InspectFailed".equals(e.getReason())))
            .toList();
    StringBuilder text = new StringBuilder(Kube.orDash(Kube.waitingMessage(status)));
    pullEvents.forEach(e -> text.append('\n').append(e.getMessage()));
    String kind = "InvalidImageName".equals(reason) ? "invalid_name" : classify(text.toString());
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "pod "
            + podName
            + " container "
            + status.getName()
            + ": state.waiting.reason="
            + reason
            + " ("
            + Kube.orDash(Kube.waitingMessage(status))
            + ")");
    evidence.add("spec image: " + image);
    pullEvents.stream().map(Kube::eventLine).forEach(evidence::add);
    return new Finding(
        Category.IMAGE_PULL,
        Severity.HIGH,
        Kube.podRef(pod),
        "Pod " + podName + " cannot pull image " + image + ": " + explain(kind) + ".",
        evidence,
        Kube.attrs(
            Finding.ATTR_POD,
            podName,
            Finding.ATTR_CONTAINER,
            status.getName(),
            Finding.ATTR_IMAGE,
            image,
            ATTR_PULL_FAILURE,
            kind));
  }

  /** Sorts the kubelet's pull error into one of the {@link #ATTR_PULL_FAILURE} values. */
  static String classify(String messages) {
    String m = messages.toLowerCase(Locale.ROOT);
    if (m.contains("unauthorized")
        || m.contains("authentication required")
        || m.contains("401")
        || m.contains("403 forbidden")
        || m.contains("authorization failed")
        || m.contains("denied: ")) {
      return "auth";
    }
    if (m.contains("not found")
        || m.contains("manifest unknown")
        || m.contains("does not exist")
        || m.contains("404")) {
      return "missing_image";
    }
    if (m.contains("i/o timeout")
        || m.contains("no such host")
        || m.contains("connection refused")) {
      return "unreachable";
    }
    return "unknown";
  }

  private static String explain(String kind) {
    return switch (kind) {
      case "auth" -> "the registry refused the credentials (check imagePullSecrets)";
      case "missing_image" -> "the image or tag does not exist in the registry";
      case "invalid_name" -> "the image name is not valid";
      case "unreachable" -> "the registry cannot be reached";
      default -> "the pull keeps failing";
    };
  }
}

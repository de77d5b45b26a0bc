package io.autoagent.guardian.kube;

import io.autoagent.guardian.signals.Incident;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Finds crash loops, OOM kills and image pull failures in a pod's container statuses. */
final class PodIncidents {

  /** An OOM kill older than this no longer blocks scaling. */
  static final Duration OOM_MEMORY = Duration.ofMinutes(10);

  private static final Set<String> IMAGE_PULL =
      Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName");

  private PodIncidents() {}

  static List<Incident> of(Pod pod, Instant now) {
    List<Incident> incidents = new ArrayList<>();
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return incidents;
    }
    String name = pod.getMetadata().getName();
    for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
      waitingReason(c)
          .ifPresent(
              reason -> {
                if ("CrashLoopBackOff".equals(reason)) {
                  incidents.add(new Incident(Incident.Kind.CRASH_LOOP, name, c.getName()));
                } else if (IMAGE_PULL.contains(reason)) {
                  incidents.add(new Incident(Incident.Kind.IMAGE_PULL, name, reason));
                }
              });
      if (recentOom(c, now)) {
        incidents.add(new Incident(Incident.Kind.OOM_KILLED, name, c.getName()));
      }
    }
    return incidents;
  }

  private static Optional<String> waitingReason(ContainerStatus c) {
    if (c.getState() == null || c.getState().getWaiting() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(c.getState().getWaiting().getReason());
  }

  private static boolean recentOom(ContainerStatus c, Instant now) {
    if (c.getState() != null && isOom(c.getState().getTerminated())) {
      return true;
    }
    if (c.getLastState() == null || !isOom(c.getLastState().getTerminated())) {
      return false;
    }
    String finished = c.getLastState().getTerminated().getFinishedAt();
    try {
      return finished == null || Instant.parse(finished).isAfter(now.minus(OOM_MEMORY));
    } catch (DateTimeParseException e) {
      return true;
    }
  }

  private static boolean isOom(ContainerStateTerminated terminated) {
    return terminated != null && "OOMKilled".equals(terminated.getReason());
  }
}

package io.autoagent.guardian.decision;

import io.autoagent.guardian.signals.Incident;
import io.autoagent.guardian.signals.WorkloadStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides before any sizing whether a workload may be scaled at all: an HPA owns it, its pods are
 * failing (more copies of a broken pod help nobody, and fewer hide the failure), or a rollout is in
 * progress (scaling mid-rollout fights the Deployment controller).
 */
final class SafetyGate {

  static final Duration ROLLOUT_RETRY = Duration.ofSeconds(60);

  private SafetyGate() {}

  static Optional<Decision> check(WorkloadStatus status) {
    if (status.hpa().isPresent()) {
      return Optional.of(Decision.delegated(status.hpaName()));
    }
    if (!status.incidents().isEmpty()) {
      String why =
          status.incidents().stream()
              .map(SafetyGate::describe)
              .distinct()
              .collect(Collectors.joining("; "));
      return Optional.of(Decision.blocked("not scaling while pods are failing: " + why));
    }
    if (status.rolloutInProgress()) {
      return Optional.of(Decision.deferred("rollout in progress; scaling frozen", ROLLOUT_RETRY));
    }
    return Optional.empty();
  }

  private static String describe(Incident incident) {
    String kind =
        switch (incident.kind()) {
          case CRASH_LOOP -> "crash-looping";
          case OOM_KILLED -> "OOM-killed";
          case IMAGE_PULL -> "cannot pull its image";
        };
    return "pod "
        + incident.pod()
        + " "
        + kind
        + (incident.detail().isEmpty() ? "" : " (" + incident.detail() + ")");
  }
}

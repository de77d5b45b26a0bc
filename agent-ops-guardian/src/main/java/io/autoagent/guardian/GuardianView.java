package io.autoagent.guardian;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.autoagent.core.status.StatusMessage;
import io.autoagent.guardian.coordination.Pause;
import io.autoagent.guardian.signals.WorkloadRef;
import java.util.List;

/**
 * This replica's view of the Guardian: the {@code guardian} block of the {@code status} endpoint's
 * reply and the {@code context} of a {@code guardian_status} event (snake_case through the agent's
 * mapper).
 *
 * @param serviceName always {@code *}: the view covers every watched workload
 * @param workloads the workloads the last cycle or listing saw, as {@code namespace/name}
 * @param reason {@code scaling active}, or {@code scaling paused} while a pause holds
 */
public record GuardianView(
    String serviceName,
    String instanceId,
    boolean leader,
    String role,
    long monitorIntervalS,
    String mode,
    boolean shadow,
    List<String> workloads,
    List<PauseView> pauses,
    String reason,
    double confidence) {

  public GuardianView {
    workloads = List.copyOf(workloads);
    pauses = List.copyOf(pauses);
  }

  /** The view; {@code reason} follows from whether any pause holds. */
  public static GuardianView of(
      String instanceId,
      boolean leader,
      String role,
      long monitorIntervalS,
      String mode,
      boolean shadow,
      List<WorkloadRef> workloads,
      List<Pause> pauses) {
    return new GuardianView(
        "*",
        instanceId,
        leader,
        role,
        monitorIntervalS,
        mode,
        shadow,
        workloads.stream().map(WorkloadRef::toString).toList(),
        pauses.stream().map(PauseView::of).toList(),
        pauses.isEmpty() ? "scaling active" : "scaling paused",
        1.0);
  }

  /**
   * The reply of the Guardian's {@code status} endpoint: the heartbeat document with this replica's
   * view as {@code guardian}.
   */
  public record StatusReply(@JsonUnwrapped StatusMessage status, GuardianView guardian) {}

  /** A pause in force, its end as RFC 3339 UTC. */
  public record PauseView(
      String requestedBy, String reason, List<String> services, String expiresAt) {

    static PauseView of(Pause p) {
      return new PauseView(
          p.requestedBy(), p.reason(), List.copyOf(p.services()), p.expiresAt().toString());
    }
  }
}

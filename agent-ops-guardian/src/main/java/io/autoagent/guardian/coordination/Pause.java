package io.autoagent.guardian.coordination;

import io.autoagent.guardian.signals.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One coordination pause, as {@code coordination.pause} asked for it. It always ends: by a resume,
 * or by itself at {@link #expiresAt}, so a lost resume never freezes scaling for good.
 *
 * @param requestedBy who asked ({@code requested_by})
 * @param reason why, for operators
 * @param services {@code *}, {@code namespace/name} or a bare {@code name} (any namespace)
 * @param ttl how long it lasts
 * @param expiresAt when it ends by itself
 * @param correlationId carried into the events it causes
 */
public record Pause(
    String requestedBy,
    String reason,
    List<String> services,
    Duration ttl,
    Instant expiresAt,
    String correlationId) {

  public static final String ALL = "*";

  public Pause {
    Objects.requireNonNull(requestedBy, "requestedBy");
    reason = reason == null ? "" : reason;
    services = List.copyOf(services);
    if (services.isEmpty()) {
      throw new IllegalArgumentException("a pause names at least one service");
    }
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(correlationId, "correlationId");
  }

  public boolean covers(WorkloadRef workload) {
    return services.stream()
        .anyMatch(s -> s.equals(ALL) || s.equals(workload.toString()) || s.equals(workload.name()));
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}

package io.autoagent.tools.analysis;

import java.util.Map;
import java.util.Objects;

/**
 * The live state of the alerted workload, published in {@code deployments.<service>}.
 *
 * @param kind {@code Deployment} or {@code StatefulSet}
 * @param name the workload's name
 * @param desired spec replicas
 * @param ready ready replicas
 * @param available available replicas
 * @param updated updated replicas
 * @param images container name to image
 * @param revision the current revision (Deployment revision annotation); may be null
 * @param rolloutState {@code complete}, {@code progressing}, {@code stuck} or {@code paused}
 * @param rollback whether rolling back is possible; may be null when nobody assessed it
 * @param labels the workload's own labels (what an AutoRemediationPolicy's {@code targetSelector}
 *     matches); empty when unknown
 */
public record WorkloadState(
    String kind,
    String name,
    int desired,
    int ready,
    int available,
    int updated,
    Map<String, String> images,
    String revision,
    String rolloutState,
    Rollback rollback,
    Map<String, String> labels) {
  public WorkloadState {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    images = images == null ? Map.of() : Map.copyOf(images);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** A state whose labels are unknown. */
  public WorkloadState(String kind, String name, int desired, int ready, int available, int updated,
      Map<String, String> images, String revision, String rolloutState, Rollback rollback) {
    this(kind, name, desired, ready, available, updated, images, revision, rolloutState, rollback, Map.of());
  }

  /**
   * Rollback feasibility.
   *
   * @param feasible whether a rollback is possible
   * @param toRevision the revision to roll back to; null when not feasible
   * @param reason why, in a sentence
   */
  public record Rollback(boolean feasible, String toRevision, String reason) {
    public Rollback {
      Objects.requireNonNull(reason, "reason");
    }
  }
}

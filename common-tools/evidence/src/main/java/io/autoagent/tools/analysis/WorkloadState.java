package io.autoagent.tools.analysis;

import java.util.List;
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
 * @param secretVariables names of the environment variables its containers take from Secrets
 *     ({@code valueFrom.secretKeyRef}): their values are credentials wherever they appear, so the
 *     redaction treats these names as credential keys; empty when unknown
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
    Map<String, String> labels,
    List<String> secretVariables) {
  public WorkloadState {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    images = images == null ? Map.of() : Map.copyOf(images);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    secretVariables = secretVariables == null ? List.of() : List.copyOf(secretVariables);
  }

  /** A state whose Secret-backed variables are unknown. */
  public WorkloadState(
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
    this(
        kind,
        name,
        desired,
        ready,
        available,
        updated,
        images,
        revision,
        rolloutState,
        rollback,
        labels,
        List.of());
  }

  /** This state with the names of its Secret-backed environment variables. */
  public WorkloadState withSecretVariables(List<String> names) {
    return new WorkloadState(
        kind,
        name,
        desired,
        ready,
        available,
        updated,
        images,
        revision,
        rolloutState,
        rollback,
        labels,
        names);
  }

  /** A state whose labels are unknown. */
  public WorkloadState(
      String kind,
      String name,
      int desired,
      int ready,
      int available,
      int updated,
      Map<String, String> images,
      String revision,
      String rolloutState,
      Rollback rollback) {
    this(
        kind,
        name,
        desired,
        ready,
        available,
        updated,
        images,
        revision,
        rolloutState,
        rollback,
        Map.of(),
        List.of());
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

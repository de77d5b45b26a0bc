package io.autoagent.tools.argocd;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the agent uses of an Argo CD Application ({@code v1alpha1Application}).
 *
 * @param name {@code metadata.name}
 * @param destinationNamespace {@code spec.destination.namespace}; may be null
 * @param sourcePath {@code spec.source.path} (first of {@code spec.sources}); may be null
 * @param autoSync whether {@code spec.syncPolicy.automated} is set (Argo CD then refuses rollbacks)
 * @param syncStatus {@code status.sync.status}: Synced, OutOfSync, Unknown; may be null
 * @param syncRevision {@code status.sync.revision}; may be null
 * @param health {@code status.health.status}: Healthy, Progressing, Degraded, Suspended, Missing,
 *     Unknown; may be null
 * @param healthMessage {@code status.health.message}; may be null
 * @param operationPhase {@code status.operationState.phase}: Running, Terminating, Failed, Error,
 *     Succeeded; null when no operation ran
 * @param operationMessage {@code status.operationState.message}; may be null
 * @param operationFinishedAt {@code status.operationState.finishedAt}; may be null
 * @param history {@code status.history}, oldest first
 * @param resources {@code status.resources}: the objects the application manages
 */
public record ArgoCdApplication(
    String name,
    String destinationNamespace,
    String sourcePath,
    boolean autoSync,
    String syncStatus,
    String syncRevision,
    String health,
    String healthMessage,
    String operationPhase,
    String operationMessage,
    Instant operationFinishedAt,
    List<HistoryEntry> history,
    List<Resource> resources) {

  public ArgoCdApplication {
    Objects.requireNonNull(name, "name");
    history = history == null ? List.of() : List.copyOf(history);
    resources = resources == null ? List.of() : List.copyOf(resources);
  }

  /**
   * One entry of {@code status.history}: a sync that completed.
   *
   * @param id {@code id}, what {@code rollback} takes
   * @param revision the git revision deployed
   * @param deployedAt {@code deployedAt}; may be null
   * @param initiatedBy {@code initiatedBy.username}, or {@code automated}; may be null
   */
  public record HistoryEntry(long id, String revision, Instant deployedAt, String initiatedBy) {}

  /** One managed object of {@code status.resources}. */
  public record Resource(String kind, String namespace, String name, String health) {}

  /** Whether the last operation failed, or the application is Degraded. */
  public boolean failing() {
    return "Failed".equals(operationPhase)
        || "Error".equals(operationPhase)
        || "Degraded".equals(health);
  }

  /** Whether an operation (sync, rollback) is running now. */
  public boolean operationRunning() {
    return "Running".equals(operationPhase) || "Terminating".equals(operationPhase);
  }

  /** The history entry deployed now (the newest). */
  public Optional<HistoryEntry> current() {
    return history.isEmpty() ? Optional.empty() : Optional.of(history.getLast());
  }

  /** The history entry before the current one: the rollback target. */
  public Optional<HistoryEntry> previous() {
    return history.size() < 2 ? Optional.empty() : Optional.of(history.get(history.size() - 2));
  }

  /** Whether the application manages {@code kind} {@code namespace}/{@code name}. */
  public boolean manages(String kind, String namespace, String objectName) {
    return resources.stream()
        .anyMatch(
            r ->
                kind.equals(r.kind())
                    && objectName.equals(r.name())
                    && (r.namespace() == null || r.namespace().equals(namespace)));
  }
}

package io.autoagent.tools.argocd;

/**
 * The Argo CD part of the {@code deployments.<service>} document.
 *
 * @param application the Application's name
 * @param sync {@code Synced}, {@code OutOfSync} or {@code Unknown}; may be null
 * @param health {@code Healthy}, {@code Degraded}, ...; may be null
 * @param operationPhase the last operation's phase; may be null
 * @param operationMessage the last operation's message; may be null
 * @param currentHistoryId the history id deployed now; null when there is no history
 * @param previousHistoryId the one before it (the rollback target); null when there is none
 */
public record ArgoCdState(
    String application,
    String sync,
    String health,
    String operationPhase,
    String operationMessage,
    Long currentHistoryId,
    Long previousHistoryId) {

  /** The same state, as the analysis's evidence carries it. */
  public io.autoagent.tools.analysis.SyncState toSync() {
    return new io.autoagent.tools.analysis.SyncState(
        application,
        sync,
        health,
        operationPhase,
        operationMessage,
        currentHistoryId,
        previousHistoryId);
  }

  static ArgoCdState of(ArgoCdApplication app) {
    return new ArgoCdState(
        app.name(),
        app.syncStatus(),
        app.health(),
        app.operationPhase(),
        app.operationMessage(),
        app.current().map(ArgoCdApplication.HistoryEntry::id).orElse(null),
        app.previous().map(ArgoCdApplication.HistoryEntry::id).orElse(null));
  }
}

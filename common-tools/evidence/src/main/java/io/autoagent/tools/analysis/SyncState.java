package io.autoagent.tools.analysis;

/**
 * What the GitOps controller (Argo CD) says about the alerted workload's deployment, as its
 * evidence source saw it during the analysis; published as {@code argocd} in {@code
 * deployments.<service>}.
 *
 * @param application the Application's name
 * @param sync {@code Synced}, {@code OutOfSync} or {@code Unknown}; may be null
 * @param health {@code Healthy}, {@code Degraded}, ...; may be null
 * @param operationPhase the last operation's phase; may be null
 * @param operationMessage the last operation's message; may be null
 * @param currentHistoryId the history id deployed now; null when there is no history
 * @param previousHistoryId the one before it (the rollback target); null when there is none
 */
public record SyncState(
    String application,
    String sync,
    String health,
    String operationPhase,
    String operationMessage,
    Long currentHistoryId,
    Long previousHistoryId) {}

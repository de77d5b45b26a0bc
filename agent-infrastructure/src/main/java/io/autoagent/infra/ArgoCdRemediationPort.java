package io.autoagent.infra;

import io.autoagent.core.PermanentException;
import io.autoagent.tools.argocd.ArgoCdApplication;
import io.autoagent.tools.argocd.ArgoCdClient;
import io.autoagent.tools.remediation.ArgoCdPort;
import java.util.Optional;

/** The remediation engine's Argo CD port, backed by the Argo CD REST client. */
record ArgoCdRemediationPort(ArgoCdClient client) implements ArgoCdPort {

  @Override
  public String sync(String application, String revision, boolean prune, boolean dryRun) {
    if (prune) {
      // Pruning deletes live objects; the agent's runbooks never ask for it and the client never
      // sends it.
      throw new PermanentException(
          "refusing to sync " + application + " with prune: pruning is not supported");
    }
    ArgoCdApplication app = client.sync(application, revision, dryRun);
    return (dryRun ? "would sync " : "synced ")
        + application
        + " to "
        + (revision == null ? "its tracked revision" : revision)
        + " (sync "
        + app.syncStatus()
        + ", health "
        + app.health()
        + ")";
  }

  @Override
  public String rollback(String application, long historyId, boolean dryRun) {
    ArgoCdApplication app = client.rollback(application, historyId, dryRun);
    return (dryRun ? "would roll " : "rolled ")
        + application
        + " back to history "
        + historyId
        + " (sync "
        + app.syncStatus()
        + ", health "
        + app.health()
        + ")";
  }

  @Override
  public Optional<AppState> state(String application) {
    return client
        .application(application)
        .map(
            app ->
                new AppState(
                    app.syncStatus(),
                    app.health(),
                    app.current().map(ArgoCdApplication.HistoryEntry::id).orElse(null),
                    app.history().stream().map(ArgoCdApplication.HistoryEntry::id).toList()));
  }

  @Override
  public Optional<Boolean> manages(String application, String kind, String name) {
    return client
        .application(application)
        .map(
            app ->
                app.resources().stream()
                    .anyMatch(
                        r -> (kind == null || kind.equals(r.kind())) && name.equals(r.name())));
  }
}

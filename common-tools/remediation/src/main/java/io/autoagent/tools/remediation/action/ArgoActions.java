package io.autoagent.tools.remediation.action;

import io.autoagent.tools.remediation.ArgoCdPort.AppState;
import io.autoagent.tools.remediation.FieldChange;
import io.autoagent.tools.remediation.Undo;
import java.util.List;
import java.util.Map;

/** {@code argocd_sync} and {@code argocd_rollback}, through {@link io.autoagent.tools.remediation.ArgoCdPort}. */
final class ArgoActions {

  private ArgoActions() {}

  /** Syncs; the undo rolls back to the history id the application had before. */
  static final class Sync implements RemediationAction {
    @Override
    public String name() {
      return "argocd_sync";
    }

    @Override
    public ActionResult run(ActionContext ctx, Args a) {
      String app = a.string("application");
      AppState before = Kube.require(ctx.argo().state(app).orElse(null), "Argo CD application " + app);
      String revision = a.string("revision", null);
      String out = ctx.argo().sync(app, revision, a.bool("prune", false), ctx.dryRun());
      Undo undo = before.currentHistoryId() == null ? null
          : new Undo("argocd_rollback", Map.of("application", app, "history_id", before.currentHistoryId()));
      return ActionResult.succeeded(out, List.of(new FieldChange("Application " + app, "sync",
          before.syncStatus() + " at history " + before.currentHistoryId(),
          "synced to " + (revision == null ? "the tracked revision" : revision))), undo);
    }
  }

  /** Rolls back to a history id; the undo rolls back to the id that was current. */
  static final class Rollback implements RemediationAction {
    @Override
    public String name() {
      return "argocd_rollback";
    }

    @Override
    public ActionResult run(ActionContext ctx, Args a) {
      String app = a.string("application");
      long id = a.integer("history_id");
      AppState before = Kube.require(ctx.argo().state(app).orElse(null), "Argo CD application " + app);
      if (!before.historyIds().isEmpty() && !before.historyIds().contains(id)) {
        return ActionResult.failed("history id " + id + " is not in " + app + "'s history " + before.historyIds());
      }
      String out = ctx.argo().rollback(app, id, ctx.dryRun());
      Undo undo = before.currentHistoryId() == null || before.currentHistoryId() == id ? null
          : new Undo(name(), Map.of("application", app, "history_id", before.currentHistoryId()));
      return ActionResult.succeeded(out, List.of(new FieldChange("Application " + app, "history id",
          before.currentHistoryId(), id)), undo);
    }
  }
}

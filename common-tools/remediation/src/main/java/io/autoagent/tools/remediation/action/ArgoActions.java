package io.autoagent.tools.remediation.action;

import static io.autoagent.tools.runbook.ArgSpec.optional;
import static io.autoagent.tools.runbook.ArgSpec.required;
import static io.autoagent.tools.runbook.ArgType.BOOLEAN;
import static io.autoagent.tools.runbook.ArgType.INTEGER;
import static io.autoagent.tools.runbook.ArgType.STRING;
import static io.autoagent.tools.runbook.ArgType.STRING_LIST;

import io.autoagent.tools.remediation.ArgoCdPort.AppState;
import io.autoagent.tools.remediation.FieldChange;
import io.autoagent.tools.remediation.Undo;
import io.autoagent.tools.runbook.ActionSpec;
import java.util.List;
import java.util.Map;

/**
 * {@code argocd_sync} and {@code argocd_rollback}, through {@link
 * io.autoagent.tools.remediation.ArgoCdPort}.
 */
final class ArgoActions {

  private ArgoActions() {}

  /** Syncs; the undo rolls back to the history id the application had before. */
  static final class Sync implements RegisteredAction {
    private static final ActionSpec SPEC =
        ActionSpec.action(
            "argocd_sync",
            "Sync an Argo CD application to git",
            true,
            Specs.APPLICATION,
            optional("revision", STRING, "git revision, the tracked one by default"),
            optional("prune", BOOLEAN, "delete objects git no longer declares, false by default"),
            optional("resources", STRING_LIST, "only these Kind/name objects"));

    @Override
    public ActionSpec spec() {
      return SPEC;
    }

    @Override
    public ActionResult run(ActionContext ctx, Args a) {
      String app = a.string("application");
      AppState before =
          Kube.require(ctx.argo().state(app).orElse(null), "Argo CD application " + app);
      String revision = a.string("revision", null);
      String out = ctx.argo().sync(app, revision, a.bool("prune", false), ctx.dryRun());
      Undo undo =
          before.currentHistoryId() == null
              ? null
              : new Undo(
                  "argocd_rollback",
                  Map.of("application", app, "history_id", before.currentHistoryId()));
      return ActionResult.succeeded(
          out,
          List.of(
              new FieldChange(
                  "Application " + app,
                  "sync",
                  before.syncStatus() + " at history " + before.currentHistoryId(),
                  "synced to " + (revision == null ? "the tracked revision" : revision))),
          undo);
    }
  }

  /** Rolls back to a history id; the undo rolls back to the id that was current. */
  static final class Rollback implements RegisteredAction {
    private static final ActionSpec SPEC =
        ActionSpec.action(
            "argocd_rollback",
            "Roll an Argo CD application back to a history id",
            true,
            Specs.APPLICATION,
            required("history_id", INTEGER, "Argo CD history id").between(0, Long.MAX_VALUE));

    @Override
    public ActionSpec spec() {
      return SPEC;
    }

    @Override
    public ActionResult run(ActionContext ctx, Args a) {
      String app = a.string("application");
      long id = a.integer("history_id");
      AppState before =
          Kube.require(ctx.argo().state(app).orElse(null), "Argo CD application " + app);
      if (!before.historyIds().isEmpty() && !before.historyIds().contains(id)) {
        return ActionResult.failed(
            "history id " + id + " is not in " + app + "'s history " + before.historyIds());
      }
      String out = ctx.argo().rollback(app, id, ctx.dryRun());
      Undo undo =
          before.currentHistoryId() == null || before.currentHistoryId() == id
              ? null
              : new Undo(
                  name(), Map.of("application", app, "history_id", before.currentHistoryId()));
      return ActionResult.succeeded(
          out,
          List.of(
              new FieldChange("Application " + app, "history id", before.currentHistoryId(), id)),
          undo);
    }
  }
}

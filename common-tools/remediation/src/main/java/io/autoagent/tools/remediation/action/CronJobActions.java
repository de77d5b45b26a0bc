package io.autoagent.tools.remediation.action;

import static io.autoagent.tools.runbook.ArgSpec.required;
import static io.autoagent.tools.runbook.ArgType.BOOLEAN;

import io.autoagent.tools.remediation.FieldChange;
import io.autoagent.tools.remediation.Undo;
import io.autoagent.tools.runbook.ActionSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.util.List;
import java.util.Map;

/** Actions on a CronJob's spec. */
final class CronJobActions {

  private CronJobActions() {}

  /**
   * {@code set_cronjob_suspend}: suspends or resumes a CronJob's schedule; undo restores the
   * previous value.
   */
  static final class SetSuspend implements RegisteredAction {
    private static final ActionSpec SPEC =
        ActionSpec.action(
            "set_cronjob_suspend",
            "Suspend (true) or resume (false) a CronJob's schedule",
            true,
            Specs.NAMESPACE,
            Specs.NAME_ARG,
            required("suspend", BOOLEAN, "true suspends, false resumes"));

    @Override
    public ActionSpec spec() {
      return SPEC;
    }

    @Override
    public ActionResult run(ActionContext ctx, Args a) {
      String ns = a.string("namespace");
      String name = a.string("name");
      boolean suspend = a.bool("suspend", false);
      var res = ctx.client().batch().v1().cronjobs().inNamespace(ns).withName(name);
      CronJob before = Kube.require(res.get(), Kube.ref("CronJob", ns, name));
      boolean was = Boolean.TRUE.equals(before.getSpec().getSuspend());
      if (was == suspend) {
        return ActionResult.unchanged(
            "CronJob " + name + " is already " + (suspend ? "suspended" : "active"));
      }
      Kube.apply(
          ctx,
          res,
          Kube.ref(before),
          c -> {
            c.getSpec().setSuspend(suspend);
            return c;
          });
      FieldChange change = new FieldChange(Kube.ref(before), "spec.suspend", was, suspend);
      Undo undo = new Undo(name(), Map.of("namespace", ns, "name", name, "suspend", was));
      return ActionResult.succeeded(
          (suspend ? "suspended" : "resumed") + " CronJob " + name, List.of(change), undo);
    }
  }
}

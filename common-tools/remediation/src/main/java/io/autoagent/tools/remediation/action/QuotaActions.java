package io.autoagent.tools.remediation.action;

import static io.autoagent.tools.runbook.ArgSpec.required;
import static io.autoagent.tools.runbook.ArgType.INTEGER;
import static io.autoagent.tools.runbook.ArgType.NAME;
import static io.autoagent.tools.runbook.ArgType.STRING;

import io.autoagent.tools.remediation.FieldChange;
import io.autoagent.tools.remediation.Undo;
import io.autoagent.tools.runbook.ActionSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code raise_quota} and {@code restore_quota}. */
final class QuotaActions {

  private QuotaActions() {}

  static final class Raise implements RegisteredAction {
    private static final ActionSpec SPEC =
        ActionSpec.action(
            "raise_quota",
            "Raise one resource of a ResourceQuota's hard limit by a percentage",
            true,
            Specs.NAMESPACE,
            required("quota", NAME, "ResourceQuota name"),
            required("resource", STRING, "quota resource, for example requests.memory"),
            required("increase_percent", INTEGER, "raise by this percentage").between(1, 100));

    @Override
    public ActionSpec spec() {
      return SPEC;
    }

    @Override
    public ActionResult run(ActionContext ctx, Args a) {
      String ns = a.string("namespace");
      String quota = a.string("quota");
      String resource = a.string("resource");
      ResourceQuota q =
          Kube.require(
              ctx.client().resourceQuotas().inNamespace(ns).withName(quota).get(),
              Kube.ref("ResourceQuota", ns, quota));
      Quantity was = q.getSpec().getHard() == null ? null : q.getSpec().getHard().get(resource);
      if (was == null) {
        return ActionResult.failed(Kube.ref(q) + " has no hard limit for " + resource);
      }
      BigDecimal amount =
          Kube.bytes(was)
              .multiply(BigDecimal.valueOf(100 + a.integer("increase_percent")))
              .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING);
      String after =
          resource.contains("memory") || resource.contains("storage")
              ? Kube.mebibytes(amount)
              : amount.toPlainString();
      set(ctx, ns, quota, resource, after);
      return ActionResult.succeeded(
          "raised " + Kube.ref(q) + " " + resource + " from " + was + " to " + after,
          List.of(new FieldChange(Kube.ref(q), field(resource), was.toString(), after)),
          new Undo("restore_quota", Map.of("namespace", ns, "quota", quota, "resource", resource)));
    }
  }

  /** Sets the hard limit back to the value recorded before this execution's first change to it. */
  static final class Restore implements RegisteredAction {
    private static final ActionSpec SPEC =
        ActionSpec.action(
            "restore_quota",
            "Restore one resource of a ResourceQuota to the hard limit recorded before this execution",
            true,
            Specs.NAMESPACE,
            required("quota", NAME, "ResourceQuota name"),
            required("resource", STRING, "quota resource"));

    @Override
    public ActionSpec spec() {
      return SPEC;
    }

    @Override
    public ActionResult run(ActionContext ctx, Args a) {
      String ns = a.string("namespace");
      String quota = a.string("quota");
      String resource = a.string("resource");
      String ref = Kube.ref("ResourceQuota", ns, quota);
      FieldChange first =
          ctx.earlierChanges().get().stream()
              .filter(c -> c.object().equals(ref) && c.field().equals(field(resource)))
              .findFirst()
              .orElse(null);
      if (first == null || first.before() == null) {
        return ActionResult.failed(
            "this execution recorded no earlier value of " + ref + " " + resource);
      }
      ResourceQuota q =
          Kube.require(ctx.client().resourceQuotas().inNamespace(ns).withName(quota).get(), ref);
      Quantity now = q.getSpec().getHard().get(resource);
      set(ctx, ns, quota, resource, String.valueOf(first.before()));
      return ActionResult.succeeded(
          "restored " + ref + " " + resource + " to " + first.before(),
          List.of(
              new FieldChange(
                  ref, field(resource), now == null ? null : now.toString(), first.before())),
          null);
    }
  }

  private static String field(String resource) {
    return "spec.hard[" + resource + "]";
  }

  private static void set(
      ActionContext ctx, String ns, String quota, String resource, String value) {
    Kube.apply(
        ctx,
        ctx.client().resourceQuotas().inNamespace(ns).withName(quota),
        Kube.ref("ResourceQuota", ns, quota),
        o -> {
          Map<String, Quantity> hard = new HashMap<>(o.getSpec().getHard());
          hard.put(resource, new Quantity(value));
          o.getSpec().setHard(hard);
          return o;
        });
  }
}

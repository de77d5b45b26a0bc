package io.autoagent.tools.remediation.action;

import static io.autoagent.tools.runbook.ArgSpec.optional;
import static io.autoagent.tools.runbook.ArgSpec.required;
import static io.autoagent.tools.runbook.ArgType.IMAGE;
import static io.autoagent.tools.runbook.ArgType.INTEGER;
import static io.autoagent.tools.runbook.ArgType.QUANTITY;

import io.autoagent.core.PermanentException;
import io.autoagent.core.text.Quantities;
import io.autoagent.tools.gitops.FieldEdit;
import io.autoagent.tools.remediation.FieldChange;
import io.autoagent.tools.remediation.Undo;
import io.autoagent.tools.runbook.ActionSpec;
import io.autoagent.tools.runbook.MemorySizing;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Actions on a workload's spec: scale, restart, memory limit, image. */
final class WorkloadActions {

  static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  private WorkloadActions() {}

  /** {@code scale_deployment}: within the step's min..max and the policy's scale bounds. */
  static final class Scale implements RegisteredAction {
    private static final ActionSpec SPEC =
        ActionSpec.action(
            "scale_deployment",
            "Scale a Deployment to replicas, refused outside min..max",
            true,
            Specs.NAMESPACE,
            Specs.NAME_ARG,
            required("replicas", INTEGER, "target replicas").between(0, 1000),
            optional("min_replicas", INTEGER, "lowest allowed target, 1 by default")
                .between(0, 1000),
            required("max_replicas", INTEGER, "highest allowed target").between(1, 1000));

    @Override
    public ActionSpec spec() {
      return SPEC;
    }

    @Override
    public ManifestEffect manifestEffect() {
      return ManifestEffect.EDIT;
    }

    /** As live: within the step's min..max and the policy's scale bounds. */
    @Override
    public FieldEdit manifestEdit(Args a, Proposal p) {
      long target = whole(a, "replicas", p);
      long min = a.has("min_replicas") ? whole(a, "min_replicas", p) : 1;
      long max = a.has("max_replicas") ? whole(a, "max_replicas", p) : Long.MAX_VALUE;
      if (p.limits().minReplicas() != null) {
        min = Math.max(min, p.limits().minReplicas());
      }
      if (p.limits().maxReplicas() != null) {
        max = Math.min(max, p.limits().maxReplicas());
      }
      if (target < min || target > max) {
        throw new PermanentException(
            "refused: "
                + target
                + " replicas is outside the allowed "
                + min
                + ".."
                + (max == Long.MAX_VALUE ? "" : max)
                + " (step bounds and policy scale.minReplicas/maxReplicas)");
      }
      return new FieldEdit.Replicas((int) target);
    }

    private static long whole(Args a, String arg, Proposal p) {
      try {
        return new BigDecimal(a.string(arg)).longValueExact();
      } catch (ArithmeticException | IllegalArgumentException e) {
        throw new PermanentException(
            "step "
                + p.stepName()
                + ": "
                + arg
                + "="
                + a.asMap().get(arg)
                + " is not a whole number");
      }
    }

    @Override
    public ActionResult run(ActionContext ctx, Args a) {
      String ns = a.string("namespace");
      String name = a.string("name");
      long target = a.integer("replicas");
      long min = a.integer("min_replicas", 1L);
      long max = a.integer("max_replicas");
      if (ctx.limits().minReplicas() != null) {
        min = Math.max(min, ctx.limits().minReplicas());
      }
      if (ctx.limits().maxReplicas() != null) {
        max = Math.min(max, ctx.limits().maxReplicas());
      }
      if (target < min || target > max) {
        return ActionResult.failed(
            "refused: "
                + target
                + " replicas is outside the allowed "
                + min
                + ".."
                + max
                + " (step bounds and policy scale.minReplicas/maxReplicas)");
      }
      var res = ctx.client().apps().deployments().inNamespace(ns).withName(name);
      Deployment before = Kube.require(res.get(), Kube.ref("Deployment", ns, name));
      Integer was = before.getSpec().getReplicas();
      if (was != null && was == target) {
        return ActionResult.unchanged("already at " + target + " replicas");
      }
      Kube.apply(
          ctx,
          res,
          Kube.ref(before),
          d -> {
            d.getSpec().setReplicas((int) target);
            return d;
          });
      FieldChange change = new FieldChange(Kube.ref(before), "spec.replicas", was, (int) target);
      Undo undo =
          new Undo(
              name(),
              Map.of(
                  "namespace",
                  ns,
                  "name",
                  name,
                  "replicas",
                  was == null ? 1 : was,
                  "min_replicas",
                  0,
                  "max_replicas",
                  Math.max(was == null ? 1 : was, 1)));
      return ActionResult.succeeded(
          "scaled from " + was + " to " + target + " replicas", List.of(change), undo);
    }
  }

  /** {@code rollout_restart}: stamps the pod template like {@code kubectl rollout restart}. */
  static final class RolloutRestart implements RegisteredAction {
    private static final ActionSpec SPEC =
        ActionSpec.action(
            "rollout_restart",
            "Rolling restart of a workload (restartedAt annotation)",
            true,
            Specs.NAMESPACE,
            Specs.NAME_ARG,
            Specs.KIND);

    @Override
    public ActionSpec spec() {
      return SPEC;
    }

    @Override
    public ActionResult run(ActionContext ctx, Args a) {
      String ns = a.string("namespace");
      String name = a.string("name");
      String kind = a.string("kind", "Deployment");
      var res = Kube.workload(ctx, kind, ns, name);
      HasMetadata before = Kube.require(res.get(), Kube.ref(kind, ns, name));
      Map<String, String> ann =
          Kube.template(before).getMetadata() == null
              ? null
              : Kube.template(before).getMetadata().getAnnotations();
      String was = ann == null ? null : ann.get(RESTARTED_AT);
      String now =
          ctx.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
      applyTemplateAnnotation(ctx, res, Kube.ref(before), now);
      FieldChange change =
          new FieldChange(
              Kube.ref(before),
              "spec.template.metadata.annotations[" + RESTARTED_AT + "]",
              was,
              now);
      // a restart changes no behaviour to undo: undoing it would only restart again
      return ActionResult.succeeded(
          "rolling restart of " + Kube.ref(before) + " started", List.of(change), null);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void applyTemplateAnnotation(
        ActionContext ctx,
        io.fabric8.kubernetes.client.dsl.Resource res,
        String what,
        String value) {
      Kube.apply(
          ctx,
          res,
          what,
          w -> {
            var meta = Kube.template((HasMetadata) w).getMetadata();
            if (meta == null) {
              meta = new io.fabric8.kubernetes.api.model.ObjectMeta();
              Kube.template((HasMetadata) w).setMetadata(meta);
            }
            Map<String, String> ann =
                meta.getAnnotations() == null
                    ? new HashMap<>()
                    : new HashMap<>(meta.getAnnotations());
            ann.put(RESTARTED_AT, value);
            meta.setAnnotations(ann);
            return w;
          });
    }
  }

  /**
   * What a container-level action works on: its arguments, the workload (read once), the API handle
   * to change it, and the named container (null when the workload has no such container).
   */
  record ContainerTarget(
      String namespace,
      String name,
      String kind,
      String containerName,
      io.fabric8.kubernetes.client.dsl.Resource<? extends HasMetadata> resource,
      HasMetadata workload,
      Container container) {

    static ContainerTarget resolve(ActionContext ctx, Args a) {
      String ns = a.string("namespace");
      String name = a.string("name");
      String kind = a.string("kind", "Deployment");
      String containerName = a.string("container");
      var res = Kube.workload(ctx, kind, ns, name);
      HasMetadata w = Kube.require(res.get(), Kube.ref(kind, ns, name));
      return new ContainerTarget(
          ns, name, kind, containerName, res, w, Kube.container(w, containerName).orElse(null));
    }

    ActionResult missing() {
      return ActionResult.failed(
          "container " + containerName + " not found in " + Kube.ref(workload));
    }

    /** The undo's arguments: this same container, with {@code key} set back to {@code value}. */
    Map<String, Object> undoArgs(String key, String value) {
      return Map.of(
          "namespace",
          namespace,
          "name",
          name,
          "kind",
          kind,
          "container",
          containerName,
          key,
          value);
    }
  }

  /**
   * {@code raise_memory_limit}: to target_limit or by increase_percent, never above ceiling or
   * policy.
   */
  static final class RaiseMemoryLimit implements RegisteredAction {
    private static final ActionSpec SPEC =
        ActionSpec.action(
            "raise_memory_limit",
            "Raise a container's memory limit to target_limit, or by increase_percent, never above ceiling",
            true,
            Specs.NAMESPACE,
            Specs.NAME_ARG,
            Specs.KIND,
            Specs.CONTAINER,
            optional("increase_percent", INTEGER, "raise by this percentage").between(1, 400),
            optional("target_limit", QUANTITY, "raise to this limit"),
            required("ceiling", QUANTITY, "never set a limit above this"));

    @Override
    public ActionSpec spec() {
      return SPEC;
    }

    @Override
    public ManifestEffect manifestEffect() {
      return ManifestEffect.EDIT;
    }

    /**
     * As live: the target, capped at the policy's {@code bumpMemoryPercent} over the current limit
     * (the resolved {@code current_memory_limit} parameter, read from the live container) and at
     * the step's ceiling. A policy percentage with no known current limit refuses rather than
     * guess.
     */
    @Override
    public FieldEdit manifestEdit(Args a, Proposal p) {
      if (!a.has("target_limit")) {
        throw new PermanentException(
            "runbook "
                + p.runbookId()
                + " raises memory by a percentage at run time; "
                + "a pull request needs the target limit");
      }
      Integer cap = p.limits().maxMemoryIncreasePercent();
      Object current = p.params().get("current_memory_limit");
      if (cap != null && current == null) {
        throw new PermanentException(
            "the policy's bumpMemoryPercent "
                + cap
                + "% cannot be checked: the current memory limit is unknown (parameter current_memory_limit)");
      }
      long ceiling =
          a.has("ceiling") ? Quantities.amount(a.string("ceiling")).longValue() : Long.MAX_VALUE;
      MemorySizing.Raise sized =
          MemorySizing.cap(
              Quantities.bytes(a.string("target_limit")),
              current == null ? null : Quantities.bytes(String.valueOf(current)),
              cap,
              ceiling);
      return new FieldEdit.MemoryLimit(a.string("container", null), sized.limit());
    }

    @Override
    public ActionResult run(ActionContext ctx, Args a) {
      ContainerTarget t = ContainerTarget.resolve(ctx, a);
      if (t.container() == null) {
        return t.missing();
      }
      Quantity current = limit(t.container());
      if (current == null) {
        return ActionResult.failed(
            "container " + t.containerName() + " has no memory limit to raise");
      }
      long was = Kube.bytes(current).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
      long target;
      if (a.has("target_limit")) {
        target =
            a.bytes("target_limit").setScale(0, java.math.RoundingMode.CEILING).longValueExact();
      } else if (a.has("increase_percent")) {
        target = MemorySizing.raisedBy(was, a.integer("increase_percent"));
      } else {
        return ActionResult.failed("raise_memory_limit needs target_limit or increase_percent");
      }
      Integer cap = ctx.limits().maxMemoryIncreasePercent();
      long ceiling = a.bytes("ceiling").setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
      MemorySizing.Raise sized = MemorySizing.cap(target, was, cap, ceiling);
      String note =
          switch (sized.cap()) {
            case POLICY -> " (capped by the policy's bumpMemoryPercent " + cap + "%)";
            case CEILING -> " (capped at the ceiling " + a.string("ceiling") + ")";
            case NONE -> "";
          };
      if (sized.bytes() <= was) {
        return ActionResult.failed(
            "refused: the limit "
                + current
                + " is already at or above "
                + sized.limit()
                + note
                + "; nothing changed");
      }
      String newLimit = sized.limit();
      ActionResult set =
          SetMemoryLimit.set(ctx, t.resource(), t.workload(), t.containerName(), newLimit);
      return ActionResult.succeeded(
          "raised "
              + t.containerName()
              + " memory limit from "
              + current
              + " to "
              + newLimit
              + note,
          set.changes(),
          new Undo("set_memory_limit", t.undoArgs("limit", current.toString())));
    }
  }

  static Quantity limit(Container c) {
    ResourceRequirements r = c.getResources();
    return r == null || r.getLimits() == null ? null : r.getLimits().get("memory");
  }

  /** {@code set_memory_limit}: sets the limit (the undo of a raise). */
  static final class SetMemoryLimit implements RegisteredAction {
    private static final ActionSpec SPEC =
        ActionSpec.action(
            "set_memory_limit",
            "Set a container's memory limit (used to undo a raise)",
            true,
            Specs.NAMESPACE,
            Specs.NAME_ARG,
            Specs.KIND,
            Specs.CONTAINER,
            required("limit", QUANTITY, "new memory limit"));

    @Override
    public ActionSpec spec() {
      return SPEC;
    }

    @Override
    public ManifestEffect manifestEffect() {
      return ManifestEffect.EDIT;
    }

    @Override
    public FieldEdit manifestEdit(Args a, Proposal p) {
      return new FieldEdit.MemoryLimit(a.string("container", null), a.string("limit"));
    }

    @Override
    public ActionResult run(ActionContext ctx, Args a) {
      ContainerTarget t = ContainerTarget.resolve(ctx, a);
      if (t.container() == null) {
        return t.missing();
      }
      return set(
          ctx,
          t.resource(),
          t.workload(),
          t.containerName(),
          new Quantity(a.string("limit")).toString());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static ActionResult set(
        ActionContext ctx,
        io.fabric8.kubernetes.client.dsl.Resource res,
        HasMetadata w,
        String container,
        String limit) {
      Quantity was = limit(Kube.container(w, container).orElseThrow());
      Kube.apply(
          ctx,
          res,
          Kube.ref(w),
          o -> {
            Container c = Kube.container((HasMetadata) o, container).orElseThrow();
            if (c.getResources() == null) {
              c.setResources(new ResourceRequirements());
            }
            Map<String, Quantity> limits =
                c.getResources().getLimits() == null
                    ? new HashMap<>()
                    : new HashMap<>(c.getResources().getLimits());
            limits.put("memory", new Quantity(limit));
            c.getResources().setLimits(limits);
            return o;
          });
      FieldChange change =
          new FieldChange(
              Kube.ref(w),
              "spec.template.spec.containers[" + container + "].resources.limits.memory",
              was == null ? null : was.toString(),
              limit);
      Undo undo =
          was == null
              ? null
              : new Undo(
                  "set_memory_limit",
                  Map.of(
                      "namespace",
                      w.getMetadata().getNamespace(),
                      "name",
                      w.getMetadata().getName(),
                      "kind",
                      w.getKind(),
                      "container",
                      container,
                      "limit",
                      was.toString()));
      return ActionResult.succeeded(
          "set " + container + " memory limit to " + limit, List.of(change), undo);
    }
  }

  /** {@code set_image}: one container's image. */
  static final class SetImage implements RegisteredAction {
    private static final ActionSpec SPEC =
        ActionSpec.action(
            "set_image",
            "Set a container's image",
            true,
            Specs.NAMESPACE,
            Specs.NAME_ARG,
            Specs.KIND,
            Specs.CONTAINER,
            required("image", IMAGE, "image reference"));

    @Override
    public ActionSpec spec() {
      return SPEC;
    }

    @Override
    public ManifestEffect manifestEffect() {
      return ManifestEffect.EDIT;
    }

    @Override
    public FieldEdit manifestEdit(Args a, Proposal p) {
      return new FieldEdit.Image(a.string("container", null), a.string("image"));
    }

    @Override
    public ActionResult run(ActionContext ctx, Args a) {
      String image = a.string("image");
      ContainerTarget t = ContainerTarget.resolve(ctx, a);
      if (t.container() == null) {
        return t.missing();
      }
      String was = t.container().getImage();
      if (image.equals(was)) {
        return ActionResult.unchanged(t.containerName() + " already runs " + image);
      }
      String ref = Kube.ref(t.workload());
      applyImage(ctx, t.resource(), ref, t.containerName(), image);
      return ActionResult.succeeded(
          "set " + t.containerName() + " image from " + was + " to " + image,
          List.of(
              new FieldChange(
                  ref,
                  "spec.template.spec.containers[" + t.containerName() + "].image",
                  was,
                  image)),
          new Undo(name(), t.undoArgs("image", was)));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void applyImage(
        ActionContext ctx,
        io.fabric8.kubernetes.client.dsl.Resource res,
        String what,
        String container,
        String image) {
      Kube.apply(
          ctx,
          res,
          what,
          o -> {
            Kube.container((HasMetadata) o, container).orElseThrow().setImage(image);
            return o;
          });
    }
  }
}

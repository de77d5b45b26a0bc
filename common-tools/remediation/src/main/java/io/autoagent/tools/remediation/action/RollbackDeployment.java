package io.autoagent.tools.remediation.action;

import static io.autoagent.tools.runbook.ArgSpec.optional;
import static io.autoagent.tools.runbook.ArgType.INTEGER;

import io.autoagent.tools.remediation.FieldChange;
import io.autoagent.tools.remediation.Undo;
import io.autoagent.tools.runbook.ActionSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code rollback_deployment}: puts the pod template of the ReplicaSet of a revision back into the
 * Deployment, as {@code kubectl rollout undo --to-revision} does. Without a revision, the newest
 * revision older than the current one. The undo returns to the revision that was live.
 */
final class RollbackDeployment implements RegisteredAction {

  static final String REVISION = "deployment.kubernetes.io/revision";
  private static final String HASH_LABEL = "pod-template-hash";

  private static final ActionSpec SPEC =
      ActionSpec.action(
          "rollback_deployment",
          "Roll a Deployment back to a ReplicaSet revision",
          true,
          Specs.NAMESPACE,
          Specs.NAME_ARG,
          optional("to_revision", INTEGER, "revision, the previous one by default")
              .between(1, Long.MAX_VALUE));

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  /**
   * The template goes back to an older revision's: through git, that is a revert, not a field edit.
   */
  @Override
  public ManifestEffect manifestEffect() {
    return ManifestEffect.INEXPRESSIBLE;
  }

  @Override
  public ActionResult run(ActionContext ctx, Args a) {
    String ns = a.string("namespace");
    String name = a.string("name");
    var res = ctx.client().apps().deployments().inNamespace(ns).withName(name);
    Deployment d = Kube.require(res.get(), Kube.ref("Deployment", ns, name));
    Map<Long, ReplicaSet> byRevision = revisions(ctx, d);
    Long current = revision(d.getMetadata().getAnnotations());
    Long wanted = a.integer("to_revision", null);
    if (wanted == null) {
      wanted =
          byRevision.keySet().stream()
              .filter(r -> current == null || r < current)
              .max(Comparator.naturalOrder())
              .orElse(null);
      if (wanted == null) {
        return ActionResult.failed(
            "no revision older than the current " + current + " is left to roll back to");
      }
    }
    ReplicaSet rs = byRevision.get(wanted);
    if (rs == null) {
      return ActionResult.failed(
          "revision "
              + wanted
              + " of "
              + Kube.ref(d)
              + " has no ReplicaSet any more; known: "
              + byRevision.keySet());
    }
    PodTemplateSpec target =
        ctx.client().getKubernetesSerialization().clone(rs.getSpec().getTemplate());
    if (target.getMetadata() != null && target.getMetadata().getLabels() != null) {
      Map<String, String> labels = new HashMap<>(target.getMetadata().getLabels());
      labels.remove(HASH_LABEL);
      target.getMetadata().setLabels(labels);
    }
    // compared by template, not by the revision annotation, which only the controller advances
    if (target.equals(d.getSpec().getTemplate())) {
      return ActionResult.unchanged(
          Kube.ref(d) + " already runs the template of revision " + wanted);
    }
    String imagesBefore = images(d.getSpec().getTemplate());
    Kube.apply(
        ctx,
        res,
        Kube.ref(d),
        o -> {
          o.getSpec().setTemplate(target);
          return o;
        });
    List<FieldChange> changes =
        List.of(
            new FieldChange(
                Kube.ref(d),
                "spec.template",
                "revision " + current + " (" + imagesBefore + ")",
                "revision " + wanted + " (" + images(target) + ")"));
    Undo undo =
        current == null
            ? null
            : new Undo(name(), Map.of("namespace", ns, "name", name, "to_revision", current));
    return ActionResult.succeeded(
        "rolled " + Kube.ref(d) + " back from revision " + current + " to " + wanted,
        changes,
        undo);
  }

  /** The Deployment's ReplicaSets by revision (owner matched by kind and name). */
  static Map<Long, ReplicaSet> revisions(ActionContext ctx, Deployment d) {
    Map<Long, ReplicaSet> out = new LinkedHashMap<>();
    for (ReplicaSet rs :
        ctx.client()
            .apps()
            .replicaSets()
            .inNamespace(d.getMetadata().getNamespace())
            .list()
            .getItems()) {
      boolean owned =
          Kube.controller(rs)
              .filter(
                  o ->
                      "Deployment".equals(o.getKind())
                          && d.getMetadata().getName().equals(o.getName()))
              .isPresent();
      Long rev = revision(rs.getMetadata().getAnnotations());
      if (owned && rev != null) {
        out.put(rev, rs);
      }
    }
    return out;
  }

  static Long revision(Map<String, String> annotations) {
    String v = annotations == null ? null : annotations.get(REVISION);
    try {
      return v == null ? null : Long.parseLong(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String images(PodTemplateSpec t) {
    return Optional.ofNullable(t)
        .map(PodTemplateSpec::getSpec)
        .map(
            s ->
                s.getContainers().stream()
                    .map(Container::getImage)
                    .collect(Collectors.joining(",")))
        .orElse("");
  }
}

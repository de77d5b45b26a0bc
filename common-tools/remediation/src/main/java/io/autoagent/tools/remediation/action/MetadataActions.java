package io.autoagent.tools.remediation.action;

import static io.autoagent.tools.runbook.ArgSpec.optional;
import static io.autoagent.tools.runbook.ArgSpec.required;
import static io.autoagent.tools.runbook.ArgType.NAME;
import static io.autoagent.tools.runbook.ArgType.STRING;
import static io.autoagent.tools.runbook.ArgType.STRING_MAP;

import io.autoagent.tools.remediation.FieldChange;
import io.autoagent.tools.remediation.Undo;
import io.autoagent.tools.runbook.ActionSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * {@code label} and {@code annotate}: set (or, with a null value, remove) keys on an object of a
 * fixed set of kinds. Namespaces and Secrets are not among them on purpose: a namespace's labels
 * drive Pod Security admission. The undo restores each key's previous value.
 */
final class MetadataActions implements RegisteredAction {

  private static final Map<String, ResourceDefinitionContext> KINDS =
      Map.of(
          "Deployment", ctx("apps", "v1", "Deployment", "deployments", true),
          "StatefulSet", ctx("apps", "v1", "StatefulSet", "statefulsets", true),
          "DaemonSet", ctx("apps", "v1", "DaemonSet", "daemonsets", true),
          "Pod", ctx("", "v1", "Pod", "pods", true),
          "Service", ctx("", "v1", "Service", "services", true),
          "ConfigMap", ctx("", "v1", "ConfigMap", "configmaps", true),
          "Node", ctx("", "v1", "Node", "nodes", false));

  private final boolean labels;
  private final ActionSpec spec;

  MetadataActions(boolean labels) {
    this.labels = labels;
    String what = labels ? "labels" : "annotations";
    this.spec =
        ActionSpec.action(
            labels ? "label" : "annotate",
            "Set or remove " + what + " on an object",
            true,
            optional("namespace", NAME, "namespace, absent for cluster-scoped objects"),
            required("kind", STRING, "object kind"),
            required("name", NAME, "object name"),
            required(what, STRING_MAP, what + " to set; null removes"));
  }

  @Override
  public ActionSpec spec() {
    return spec;
  }

  @Override
  public ActionResult run(ActionContext ctx, Args a) {
    String kind = a.string("kind");
    String name = a.string("name");
    String ns = a.string("namespace", null);
    ResourceDefinitionContext def = KINDS.get(kind);
    if (def == null) {
      return ActionResult.failed(
          "kind "
              + kind
              + " cannot be "
              + (labels ? "labelled" : "annotated")
              + "; allowed: "
              + KINDS.keySet());
    }
    if (def.isNamespaceScoped() && ns == null) {
      return ActionResult.failed(kind + " needs a namespace");
    }
    Map<String, String> wanted = a.stringMap(labels ? "labels" : "annotations");
    var api = ctx.client().genericKubernetesResources(def);
    Resource<GenericKubernetesResource> res =
        def.isNamespaceScoped() ? api.inNamespace(ns).withName(name) : api.withName(name);
    String ref = Kube.ref(kind, def.isNamespaceScoped() ? ns : null, name);
    GenericKubernetesResource obj = Kube.require(res.get(), ref);
    Function<ObjectMeta, Map<String, String>> get =
        labels ? ObjectMeta::getLabels : ObjectMeta::getAnnotations;
    BiConsumer<ObjectMeta, Map<String, String>> put =
        labels ? ObjectMeta::setLabels : ObjectMeta::setAnnotations;
    Map<String, String> current =
        get.apply(obj.getMetadata()) == null ? Map.of() : get.apply(obj.getMetadata());
    List<FieldChange> changes = new ArrayList<>();
    Map<String, Object> restore = new LinkedHashMap<>();
    String field = labels ? "metadata.labels[" : "metadata.annotations[";
    wanted.forEach(
        (k, v) -> {
          String was = current.get(k);
          if (!java.util.Objects.equals(was, v)) {
            changes.add(new FieldChange(ref, field + k + "]", was, v));
            restore.put(k, was);
          }
        });
    if (changes.isEmpty()) {
      return ActionResult.unchanged(ref + " already has these values");
    }
    Kube.apply(
        ctx,
        res,
        ref,
        o -> {
          Map<String, String> m =
              get.apply(o.getMetadata()) == null
                  ? new HashMap<>()
                  : new HashMap<>(get.apply(o.getMetadata()));
          wanted.forEach(
              (k, v) -> {
                if (v == null) {
                  m.remove(k);
                } else {
                  m.put(k, v);
                }
              });
          put.accept(o.getMetadata(), m);
          return o;
        });
    Map<String, Object> undoArgs = new LinkedHashMap<>();
    if (ns != null) {
      undoArgs.put("namespace", ns);
    }
    undoArgs.put("kind", kind);
    undoArgs.put("name", name);
    undoArgs.put(labels ? "labels" : "annotations", restore);
    return ActionResult.succeeded(
        (labels ? "labelled " : "annotated ") + ref, changes, new Undo(name(), undoArgs));
  }

  private static ResourceDefinitionContext ctx(
      String group, String version, String kind, String plural, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }
}

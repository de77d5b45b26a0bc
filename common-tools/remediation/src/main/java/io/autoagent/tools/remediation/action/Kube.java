package io.autoagent.tools.remediation.action;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Shared Kubernetes helpers of the actions and checks: reads, one guarded write path, naming. */
final class Kube {

  private Kube() {}

  /** An object that must exist for a step: its absence fails the step, not the agent. */
  static final class NotFound extends IllegalArgumentException {
    NotFound(String what) {
      super(what + " not found");
    }
  }

  /**
   * The one write path of every action: live, {@code edit} (a JSON patch computed from the change);
   * server dry run, the same with {@code dryRun=All}; client dry run, the change applied to a copy.
   * Returns the object as it is (or would be) afterwards.
   */
  static <T extends HasMetadata> T apply(
      ActionContext ctx, Resource<T> res, String what, UnaryOperator<T> change) {
    T current = res.get();
    if (current == null) {
      throw new NotFound(what);
    }
    if (!ctx.dryRun()) {
      return res.edit(change);
    }
    if (ctx.serverDryRun()) {
      return res.dryRun().edit(change);
    }
    return change.apply(ctx.client().getKubernetesSerialization().clone(current));
  }

  static <T> T require(T value, String what) {
    if (value == null) {
      throw new NotFound(what);
    }
    return value;
  }

  /** A workload's resource by kind (Deployment by default). */
  static Resource<? extends HasMetadata> workload(
      ActionContext ctx, String kind, String ns, String name) {
    return switch (kind) {
      case "StatefulSet" -> ctx.client().apps().statefulSets().inNamespace(ns).withName(name);
      case "DaemonSet" -> ctx.client().apps().daemonSets().inNamespace(ns).withName(name);
      case "Deployment" -> ctx.client().apps().deployments().inNamespace(ns).withName(name);
      default -> throw new IllegalArgumentException("unsupported workload kind " + kind);
    };
  }

  static PodTemplateSpec template(HasMetadata workload) {
    return switch (workload) {
      case Deployment d -> d.getSpec().getTemplate();
      case StatefulSet s -> s.getSpec().getTemplate();
      case DaemonSet s -> s.getSpec().getTemplate();
      default -> throw new IllegalArgumentException("not a workload: " + workload.getKind());
    };
  }

  static LabelSelector selector(HasMetadata workload) {
    return switch (workload) {
      case Deployment d -> d.getSpec().getSelector();
      case StatefulSet s -> s.getSpec().getSelector();
      case DaemonSet s -> s.getSpec().getSelector();
      default -> null;
    };
  }

  static Optional<Container> container(HasMetadata workload, String name) {
    return template(workload).getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst();
  }

  /**
   * The pods of a workload: its namespace's pods matched in Java on the selector's matchLabels (the
   * API server's set-based selection is not trusted; see DEPENDENCIES.md).
   */
  static List<Pod> pods(ActionContext ctx, HasMetadata workload) {
    LabelSelector sel = selector(workload);
    Map<String, String> match =
        sel == null || sel.getMatchLabels() == null ? Map.of() : sel.getMatchLabels();
    if (match.isEmpty()) {
      return List.of();
    }
    return ctx
        .client()
        .pods()
        .inNamespace(workload.getMetadata().getNamespace())
        .list()
        .getItems()
        .stream()
        .filter(p -> labelsMatch(p.getMetadata().getLabels(), match))
        .toList();
  }

  static boolean labelsMatch(Map<String, String> labels, Map<String, String> match) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    return match.entrySet().stream().allMatch(e -> e.getValue().equals(l.get(e.getKey())));
  }

  static Optional<OwnerReference> controller(HasMetadata obj) {
    List<OwnerReference> refs = obj.getMetadata().getOwnerReferences();
    return refs == null
        ? Optional.empty()
        : refs.stream()
            .filter(r -> Boolean.TRUE.equals(r.getController()))
            .findFirst()
            .or(() -> refs.stream().findFirst());
  }

  static String ref(HasMetadata obj) {
    String ns = obj.getMetadata().getNamespace();
    return obj.getKind() + " " + (ns == null ? "" : ns + "/") + obj.getMetadata().getName();
  }

  static String ref(String kind, String ns, String name) {
    return kind + " " + (ns == null ? "" : ns + "/") + name;
  }

  /** A memory amount as the API writes it, rounded up to whole mebibytes. */
  static String mebibytes(BigDecimal bytes) {
    return io.autoagent.core.text.Quantities.mebibytes(bytes, RoundingMode.CEILING);
  }

  static BigDecimal bytes(Quantity q) {
    return io.autoagent.core.text.Quantities.amount(q.toString());
  }

  /** Whether the API answered "the request is wrong or refused" (so retrying will not help). */
  static boolean refused(KubernetesClientException e) {
    return io.autoagent.tools.kube.KubeErrors.refused(e);
  }
}

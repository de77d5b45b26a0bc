package io.autoagent.tools.remediation.action;

import io.autoagent.tools.remediation.ArgoCdPort.AppState;
import io.autoagent.tools.remediation.CheckOutcome;
import io.autoagent.tools.runbook.ActionSpec;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The registry's named checks (preconditions, {@code wait_for} conditions, verification), read from
 * the API server; never a change. Each is one {@link RegisteredCheck} (its spec and its evaluation
 * together) listed once in {@link StandardChecks}; this class finds them by name. A check that
 * cannot tell because the object is missing or an argument is wrong does not hold; an unreachable
 * API throws {@link io.autoagent.core.RetriableException}-compatible exceptions to the engine.
 * Stateless.
 */
public final class Checks {

  private final Map<String, RegisteredCheck> byName = new LinkedHashMap<>();

  /** The standard checks ({@link StandardChecks}). */
  public Checks() {
    this(StandardChecks.all());
  }

  public Checks(Collection<RegisteredCheck> checks) {
    for (RegisteredCheck c : checks) {
      if (byName.putIfAbsent(c.spec().name(), c) != null) {
        throw new IllegalArgumentException("duplicate check " + c.spec().name());
      }
    }
  }

  public Optional<RegisteredCheck> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The specs of every check, in registration order. */
  public List<ActionSpec> specs() {
    return byName.values().stream().map(RegisteredCheck::spec).toList();
  }

  public CheckOutcome evaluate(String check, Args a, ActionContext ctx) {
    RegisteredCheck registered = byName.get(check);
    if (registered == null) {
      return CheckOutcome.fails(check, "check " + check + " is not implemented by this agent");
    }
    try {
      return registered.evaluate(ctx, a);
    } catch (IllegalArgumentException e) {
      return CheckOutcome.fails(check, e.getMessage());
    } catch (KubernetesClientException e) {
      if (Kube.refused(e)) {
        return CheckOutcome.fails(
            check, "the API refused the read (" + e.getCode() + "): " + e.getStatus().getMessage());
      }
      throw e;
    }
  }

  static CheckOutcome holds(String check, boolean ok, String yes, String no) {
    return ok ? CheckOutcome.holds(check, yes) : CheckOutcome.fails(check, no);
  }

  static CheckOutcome argo(
      String check,
      ActionContext ctx,
      Args a,
      java.util.function.Predicate<AppState> test,
      java.util.function.Function<AppState, String> detail) {
    Optional<AppState> s = ctx.argo().state(a.string("application"));
    if (s.isEmpty()) {
      return CheckOutcome.fails(
          check, "application " + a.string("application") + " does not exist");
    }
    return test.test(s.get())
        ? CheckOutcome.holds(check, detail.apply(s.get()))
        : CheckOutcome.fails(check, detail.apply(s.get()));
  }

  static HasMetadata workload(ActionContext ctx, Args a) {
    String ns = a.string("namespace");
    String name = a.string("name");
    HasMetadata w = ctx.client().apps().deployments().inNamespace(ns).withName(name).get();
    if (w == null) {
      w = ctx.client().apps().statefulSets().inNamespace(ns).withName(name).get();
    }
    if (w == null) {
      w = ctx.client().apps().daemonSets().inNamespace(ns).withName(name).get();
    }
    return w;
  }

  static Deployment deployment(ActionContext ctx, Args a) {
    return Kube.require(
        ctx.client()
            .apps()
            .deployments()
            .inNamespace(a.string("namespace"))
            .withName(a.string("name"))
            .get(),
        Kube.ref("Deployment", a.string("namespace"), a.string("name")));
  }

  static List<Pod> pods(ActionContext ctx, Args a) {
    if (a.has("selector") && !a.has("name")) {
      Map<String, String> match = new java.util.LinkedHashMap<>();
      for (String part : a.string("selector").split(",")) {
        String[] kv = part.split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException(
              "only equality selectors are supported: " + a.string("selector"));
        }
        match.put(kv[0].strip(), kv[1].strip());
      }
      return ctx.client().pods().inNamespace(a.string("namespace")).list().getItems().stream()
          .filter(p -> Kube.labelsMatch(p.getMetadata().getLabels(), match))
          .toList();
    }
    return Kube.pods(
        ctx,
        Kube.require(
            workload(ctx, a), Kube.ref("workload", a.string("namespace"), a.string("name"))));
  }

  static Pod pod(ActionContext ctx, Args a) {
    return ctx.client().pods().inNamespace(a.string("namespace")).withName(a.string("pod")).get();
  }

  static HasMetadata object(ActionContext ctx, Args a) {
    String ns = a.string("namespace");
    String name = a.string("name");
    var c = ctx.client();
    return switch (a.string("kind")) {
      case "ConfigMap" -> c.configMaps().inNamespace(ns).withName(name).get();
      case "Secret" -> c.secrets().inNamespace(ns).withName(name).get();
      case "ResourceQuota" -> c.resourceQuotas().inNamespace(ns).withName(name).get();
      case "PersistentVolumeClaim" ->
          c.persistentVolumeClaims().inNamespace(ns).withName(name).get();
      case "ServiceAccount" -> c.serviceAccounts().inNamespace(ns).withName(name).get();
      default -> throw new IllegalArgumentException("unsupported kind " + a.string("kind"));
    };
  }

  /** Termination time of a container's last (or current) termination; null when none. */
  static Instant terminatedAt(ContainerStatus s, String reason) {
    for (var state :
        new io.fabric8.kubernetes.api.model.ContainerState[] {s.getLastState(), s.getState()}) {
      if (state != null
          && state.getTerminated() != null
          && (reason == null || Objects.equals(reason, state.getTerminated().getReason()))) {
        String at = state.getTerminated().getFinishedAt();
        return at == null ? Instant.MAX : Instant.parse(at);
      }
    }
    return null;
  }

  static boolean within(Instant at, Instant now, Duration window) {
    return at != null && (at.equals(Instant.MAX) || at.isAfter(now.minus(window)));
  }

  static Quantity memoryLimit(io.fabric8.kubernetes.api.model.Container c) {
    return WorkloadActions.limit(c);
  }
}

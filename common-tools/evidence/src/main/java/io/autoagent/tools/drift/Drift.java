package io.autoagent.tools.drift;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * CONFIG_DRIFT: compares what git (or Argo CD's target state) declares with the live workload on
 * the fields that matter to a failure: images, replicas (unless an autoscaler owns them),
 * environment, resources and probes. Pure functions; thread-safe.
 */
public final class Drift {

  static final String UNSET = "<unset>";

  /** Env values are never reported; a differing value shows as this on both sides. */
  static final String HIDDEN = "<value hidden>";

  private Drift() {}

  /**
   * The fields where {@code live} differs from {@code declared}, in a stable order.
   *
   * @param replicasOwnedByAutoscaler true when an HPA targets the workload, so its replica count is
   *     expected to differ from the manifest
   */
  public static List<FieldDrift> compare(
      WorkloadSpec declared, WorkloadSpec live, boolean replicasOwnedByAutoscaler) {
    List<FieldDrift> out = new ArrayList<>();
    if (!replicasOwnedByAutoscaler) {
      int want = Objects.requireNonNullElse(declared.replicas(), 1);
      int have = Objects.requireNonNullElse(live.replicas(), 1);
      if (want != have) {
        out.add(new FieldDrift("replicas", String.valueOf(want), String.valueOf(have)));
      }
    }
    Set<String> names = new TreeSet<>();
    declared.containers().forEach(c -> names.add(c.name()));
    live.containers().forEach(c -> names.add(c.name()));
    for (String name : names) {
      Optional<WorkloadSpec.ContainerSpec> d = declared.container(name);
      Optional<WorkloadSpec.ContainerSpec> l = live.container(name);
      String prefix = "containers[" + name + "]";
      if (d.isEmpty() || l.isEmpty()) {
        out.add(
            new FieldDrift(
                prefix, d.isPresent() ? "present" : null, l.isPresent() ? "present" : null));
        continue;
      }
      container(prefix, d.get(), l.get(), out);
    }
    return out;
  }

  private static void container(
      String prefix,
      WorkloadSpec.ContainerSpec d,
      WorkloadSpec.ContainerSpec l,
      List<FieldDrift> out) {
    if (!Objects.equals(d.image(), l.image())) {
      out.add(new FieldDrift(prefix + ".image", d.image(), l.image()));
    }
    for (String var : union(d.env(), l.env())) {
      String want = d.env().get(var);
      String have = l.env().get(var);
      if (!Objects.equals(want, have)) {
        out.add(
            new FieldDrift(
                prefix + ".env." + var,
                want == null ? null : HIDDEN + (have == null ? "" : " (differs)"),
                have == null ? null : HIDDEN + (want == null ? "" : " (differs)")));
      }
    }
    for (String key : union(d.resources(), l.resources())) {
      if (!sameQuantity(d.resources().get(key), l.resources().get(key))) {
        out.add(
            new FieldDrift(
                prefix + ".resources." + key, d.resources().get(key), l.resources().get(key)));
      }
    }
    for (String probe : union(d.probes(), l.probes())) {
      if (!Objects.equals(d.probes().get(probe), l.probes().get(probe))) {
        out.add(
            new FieldDrift(
                prefix + "." + probe + "Probe", d.probes().get(probe), l.probes().get(probe)));
      }
    }
  }

  /**
   * The CONFIG_DRIFT finding for these differences, or empty when there are none.
   *
   * @param declaredBy where the declared side comes from, for example {@code git commit 1a2b3c4} or
   *     {@code Argo CD target state}
   */
  public static Optional<Finding> finding(
      WorkloadSpec live, String namespace, List<FieldDrift> drifts, String declaredBy) {
    if (drifts.isEmpty()) {
      return Optional.empty();
    }
    String resource = live.kind() + "/" + namespace + "/" + live.name();
    List<String> fields = drifts.stream().map(FieldDrift::field).toList();
    return Optional.of(
        new Finding(
            Category.CONFIG_DRIFT,
            Severity.MEDIUM,
            resource,
            live.kind()
                + " "
                + live.name()
                + " differs from "
                + declaredBy
                + " in "
                + drifts.size()
                + " field(s): "
                + String.join(", ", fields.subList(0, Math.min(5, fields.size())))
                + (fields.size() > 5 ? ", ..." : "")
                + ".",
            drifts.stream().map(FieldDrift::describe).toList(),
            Map.of("drifted_fields", String.join(",", fields))));
  }

  private static Set<String> union(Map<String, String> a, Map<String, String> b) {
    Set<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }

  private static boolean sameQuantity(String a, String b) {
    if (a == null || b == null) {
      return a == b;
    }
    try {
      return new Quantity(a).getNumericalAmount().compareTo(new Quantity(b).getNumericalAmount())
          == 0;
    } catch (IllegalArgumentException | ArithmeticException e) {
      return a.equals(b);
    }
  }
}

package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The environment variables a workload takes from Secrets, read from the pod spec alone (no Secret
 * is read): {@code env[].valueFrom.secretKeyRef} in the pod template and in the running pods (which
 * may still run an older template), for containers, init containers and ephemeral containers.
 * Variables from {@code envFrom[].secretRef} cannot be named without reading the Secret; the
 * key/value redaction still covers the usual credential names among them.
 */
final class SecretVariables {

  private SecretVariables() {}

  static List<String> of(WorkloadSnapshot snapshot) {
    TreeSet<String> names = new TreeSet<>();
    List<PodSpec> specs = new ArrayList<>();
    if (snapshot.podTemplate() != null && snapshot.podTemplate().getSpec() != null) {
      specs.add(snapshot.podTemplate().getSpec());
    }
    snapshot.pods().stream().filter(p -> p.getSpec() != null).forEach(p -> specs.add(p.getSpec()));
    for (PodSpec spec : specs) {
      Stream.of(nullSafe(spec.getContainers()), nullSafe(spec.getInitContainers()))
          .flatMap(List::stream)
          .forEach(c -> add(c, names));
      if (spec.getEphemeralContainers() != null) {
        spec.getEphemeralContainers().forEach(c -> addEnv(c.getEnv(), names));
      }
    }
    return List.copyOf(names);
  }

  private static void add(Container container, TreeSet<String> names) {
    addEnv(container.getEnv(), names);
  }

  private static void addEnv(List<EnvVar> env, TreeSet<String> names) {
    if (env == null) {
      return;
    }
    for (EnvVar var : env) {
      if (var.getName() != null
          && !var.getName().isBlank()
          && var.getValueFrom() != null
          && var.getValueFrom().getSecretKeyRef() != null) {
        names.add(var.getName());
      }
    }
  }

  private static List<Container> nullSafe(List<Container> containers) {
    return containers == null ? List.of() : containers;
  }
}

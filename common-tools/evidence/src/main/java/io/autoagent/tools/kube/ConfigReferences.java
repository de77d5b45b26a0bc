package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ConfigMaps and Secrets a pod template references, and how: mounted as a volume (whole or
 * projected; kubelet refreshes such files in running pods) or read into environment variables (read
 * once, at container start). Pure.
 */
final class ConfigReferences {

  /** Objects read per analysis; a template referencing more repeats the same story. */
  static final int MAX_OBJECTS = 12;

  /** One referenced object: {@code kind} is ConfigMap or Secret. */
  record Reference(String kind, String name, boolean mounted) {}

  private ConfigReferences() {}

  static List<Reference> of(PodTemplateSpec template) {
    if (template == null || template.getSpec() == null) {
      return List.of();
    }
    PodSpec spec = template.getSpec();
    Map<String, Reference> refs = new TreeMap<>();
    if (spec.getVolumes() != null) {
      for (Volume v : spec.getVolumes()) {
        if (v.getConfigMap() != null) {
          put(refs, "ConfigMap", v.getConfigMap().getName(), true);
        }
        if (v.getSecret() != null) {
          put(refs, "Secret", v.getSecret().getSecretName(), true);
        }
        if (v.getProjected() != null && v.getProjected().getSources() != null) {
          for (VolumeProjection p : v.getProjected().getSources()) {
            if (p.getConfigMap() != null) {
              put(refs, "ConfigMap", p.getConfigMap().getName(), true);
            }
            if (p.getSecret() != null) {
              put(refs, "Secret", p.getSecret().getName(), true);
            }
          }
        }
      }
    }
    List<Container> containers = new ArrayList<>();
    if (spec.getInitContainers() != null) {
      containers.addAll(spec.getInitContainers());
    }
    if (spec.getContainers() != null) {
      containers.addAll(spec.getContainers());
    }
    for (Container c : containers) {
      if (c.getEnvFrom() != null) {
        for (EnvFromSource from : c.getEnvFrom()) {
          if (from.getConfigMapRef() != null) {
            put(refs, "ConfigMap", from.getConfigMapRef().getName(), false);
          }
          if (from.getSecretRef() != null) {
            put(refs, "Secret", from.getSecretRef().getName(), false);
          }
        }
      }
      if (c.getEnv() != null) {
        for (EnvVar env : c.getEnv()) {
          if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
            put(refs, "ConfigMap", env.getValueFrom().getConfigMapKeyRef().getName(), false);
          }
          if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
            put(refs, "Secret", env.getValueFrom().getSecretKeyRef().getName(), false);
          }
        }
      }
    }
    return refs.values().stream().limit(MAX_OBJECTS).toList();
  }

  /** A mount wins over an environment reference: the mounted copy changes under running pods. */
  private static void put(Map<String, Reference> refs, String kind, String name, boolean mounted) {
    if (name == null || name.isEmpty()) {
      return;
    }
    refs.merge(
        kind + "/" + name,
        new Reference(kind, name, mounted),
        (a, b) -> new Reference(kind, name, a.mounted() || b.mounted()));
  }
}

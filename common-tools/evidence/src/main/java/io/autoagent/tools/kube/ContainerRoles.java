package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * What part a container plays in its pod: an init container (runs to completion before the app
 * starts), a native sidecar (an init container with {@code restartPolicy: Always}, running beside
 * the app), or an app container. Findings name it, so "Init:CrashLoopBackOff" reads as such.
 */
enum ContainerRoles {
  APP("container", "app"),
  INIT("init container", "init"),
  SIDECAR("sidecar container", "sidecar");

  /** Attribute: {@code app}, {@code init} or {@code sidecar}. */
  static final String ATTR_CONTAINER_ROLE = "container_role";

  private final String noun;
  private final String wire;

  ContainerRoles(String noun, String wire) {
    this.noun = noun;
    this.wire = wire;
  }

  static ContainerRoles of(Pod pod, String container) {
    if (pod.getSpec() == null || pod.getSpec().getInitContainers() == null) {
      return APP;
    }
    for (Container c : pod.getSpec().getInitContainers()) {
      if (container.equals(c.getName())) {
        return "Always".equals(c.getRestartPolicy()) ? SIDECAR : INIT;
      }
    }
    return APP;
  }

  /** "init container", "sidecar container" or "container". */
  String noun() {
    return noun;
  }

  /** The noun with a capital first letter, to start a sentence. */
  String capitalised() {
    return Character.toUpperCase(noun.charAt(0)) + noun.substring(1);
  }

  String wire() {
    return wire;
  }
}

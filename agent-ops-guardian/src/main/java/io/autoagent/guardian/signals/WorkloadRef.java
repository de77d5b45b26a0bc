package io.autoagent.guardian.signals;

import java.util.Objects;

/** A scaled workload: a Deployment, named by namespace and name. */
public record WorkloadRef(String namespace, String name) {

  public WorkloadRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (namespace.isBlank() || name.isBlank()) {
      throw new IllegalArgumentException("namespace and name must not be blank");
    }
  }

  public static WorkloadRef of(String namespace, String name) {
    return new WorkloadRef(namespace, name);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}

package io.autoagent.tools.gitops;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * One field of a workload that a runbook would change live and that GitOps mode changes in the
 * manifest instead. A null {@code container} means the pod's only (or first) container. In JSON (a
 * pull request waiting in the outbox) the edit is named by {@code field}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "field")
@JsonSubTypes({
  @JsonSubTypes.Type(value = FieldEdit.Replicas.class, name = "replicas"),
  @JsonSubTypes.Type(value = FieldEdit.MemoryLimit.class, name = "memory_limit"),
  @JsonSubTypes.Type(value = FieldEdit.Image.class, name = "image")
})
public sealed interface FieldEdit {

  /** What the edit does, for commit messages and pull request titles. */
  String describe();

  /** {@code spec.replicas}. */
  record Replicas(int replicas) implements FieldEdit {
    public Replicas {
      if (replicas < 0) {
        throw new IllegalArgumentException("replicas must not be negative");
      }
    }

    @Override
    public String describe() {
      return "set replicas to " + replicas;
    }
  }

  /** A container's {@code resources.limits.memory}, added when absent. */
  record MemoryLimit(String container, String quantity) implements FieldEdit {
    public MemoryLimit {
      Objects.requireNonNull(quantity, "quantity");
    }

    @Override
    public String describe() {
      return "set the memory limit" + of(container) + " to " + quantity;
    }
  }

  /** A container's {@code image}. */
  record Image(String container, String image) implements FieldEdit {
    public Image {
      Objects.requireNonNull(image, "image");
    }

    @Override
    public String describe() {
      return "set the image" + of(container) + " to " + image;
    }
  }

  private static String of(String container) {
    return container == null ? "" : " of " + container;
  }
}

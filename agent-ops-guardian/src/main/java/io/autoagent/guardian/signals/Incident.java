package io.autoagent.guardian.signals;

import java.util.Objects;

/** A pod failure that makes scaling unsafe: more replicas of a broken pod help nobody. */
public record Incident(Kind kind, String pod, String detail) {

  /** The failures that block scaling. */
  public enum Kind {
    CRASH_LOOP,
    OOM_KILLED,
    IMAGE_PULL
  }

  public Incident {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(pod, "pod");
    detail = detail == null ? "" : detail;
  }
}

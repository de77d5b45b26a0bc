package io.autoagent.tools.remediation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** How to undo a completed step: a registered action with concrete arguments. */
public record Undo(String action, Map<String, Object> args) {
  public Undo {
    Objects.requireNonNull(action, "action");
    args =
        args == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args));
  }
}

package io.autoagent.tools.drift;

import java.util.Objects;

/**
 * One field whose live value differs from what is declared.
 *
 * @param field for example {@code containers[app].image} or {@code replicas}
 * @param declared the declared value, {@code <unset>} when absent
 * @param live the live value, {@code <unset>} when absent
 */
public record FieldDrift(String field, String declared, String live) {
  public FieldDrift {
    Objects.requireNonNull(field, "field");
    declared = declared == null ? Drift.UNSET : declared;
    live = live == null ? Drift.UNSET : live;
  }

  /** {@code field: declared <declared>, live <live>}. */
  public String describe() {
    return field + ": declared " + declared + ", live " + live;
  }
}

package io.autoagent.tools.remediation.action;

import io.autoagent.tools.remediation.FieldChange;
import io.autoagent.tools.remediation.Undo;
import java.util.List;
import java.util.Objects;

/**
 * What an action did, or would do in a dry run. Made by {@link #succeeded}, {@link #unchanged} and
 * {@link #failed}.
 *
 * @param changes fields changed (or that would change), with values before and after; also on
 *     failure, what had already changed
 * @param undo how to undo it; null when nothing changed or it cannot be undone
 */
public record ActionResult(
    boolean ok, String output, String error, List<FieldChange> changes, Undo undo) {

  public ActionResult {
    Objects.requireNonNull(output, "output");
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  public static ActionResult succeeded(String output, List<FieldChange> changes, Undo undo) {
    return new ActionResult(true, output, null, changes, undo);
  }

  /**
   * Success with nothing to change, no changes and no undo: the target is already as asked ({@code
   * state}, e.g. "already at 3 replicas"), and the output says so, ending with "; nothing changed".
   */
  public static ActionResult unchanged(String state) {
    return succeeded(state + "; nothing changed", List.of(), null);
  }

  public static ActionResult failed(String error) {
    return new ActionResult(false, "", Objects.requireNonNull(error), List.of(), null);
  }

  public static ActionResult failed(String error, List<FieldChange> changes, Undo undo) {
    return new ActionResult(false, "", Objects.requireNonNull(error), changes, undo);
  }
}

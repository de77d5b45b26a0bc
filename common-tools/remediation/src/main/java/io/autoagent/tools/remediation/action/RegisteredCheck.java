package io.autoagent.tools.remediation.action;

import io.autoagent.tools.remediation.CheckOutcome;
import io.autoagent.tools.runbook.ActionSpec;
import java.util.Objects;

/**
 * One registered check (a precondition, {@code wait_for} condition or verification), whole: its
 * {@link ActionSpec} and its evaluation, which only reads. {@link Checks} lists every one once. A
 * missing object or a wrong argument is a check that does not hold ({@link Checks} turns the {@link
 * IllegalArgumentException} into one); an unreachable API throws. Stateless.
 */
public interface RegisteredCheck {

  ActionSpec spec();

  CheckOutcome evaluate(ActionContext ctx, Args args);

  /** The evaluation part of a check, given the check's name for its outcome. */
  @FunctionalInterface
  interface Evaluation {
    CheckOutcome evaluate(String check, ActionContext ctx, Args args);
  }

  /** A check made of its spec and its evaluation. */
  static RegisteredCheck of(ActionSpec spec, Evaluation evaluation) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(evaluation, "evaluation");
    return new RegisteredCheck() {
      @Override
      public ActionSpec spec() {
        return spec;
      }

      @Override
      public CheckOutcome evaluate(ActionContext ctx, Args args) {
        return evaluation.evaluate(spec.name(), ctx, args);
      }

      @Override
      public String toString() {
        return spec.name();
      }
    };
  }
}

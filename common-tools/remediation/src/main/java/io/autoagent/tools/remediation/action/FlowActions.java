package io.autoagent.tools.remediation.action;

import static io.autoagent.tools.runbook.ArgSpec.optional;
import static io.autoagent.tools.runbook.ArgSpec.required;
import static io.autoagent.tools.runbook.ArgType.DURATION;
import static io.autoagent.tools.runbook.ArgType.NAME;
import static io.autoagent.tools.runbook.ArgType.STRING;

import io.autoagent.tools.remediation.CheckOutcome;
import io.autoagent.tools.runbook.ActionRegistry;
import io.autoagent.tools.runbook.ActionSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Actions that change nothing in the cluster: {@code wait_for} and {@code publish_event}. */
final class FlowActions {

  private FlowActions() {}

  /** Polls a condition (a check of the same name) until it holds or the timeout passes. */
  static final class WaitFor implements RegisteredAction {
    private static final ActionSpec SPEC =
        ActionSpec.action(
            "wait_for",
            "Wait until a condition holds, failing the step after timeout",
            false,
            required("condition", STRING, "condition")
                .oneOf(ActionRegistry.WAIT_CONDITIONS.toArray(String[]::new)),
            optional("namespace", NAME, "namespace"),
            optional("name", NAME, "workload name"),
            optional("selector", STRING, "pod label selector"),
            optional("node", NAME, "node"),
            optional("application", NAME, "Argo CD application"),
            required("timeout", DURATION, "give up after this long"));

    @Override
    public ActionSpec spec() {
      return SPEC;
    }

    @Override
    public ActionResult run(ActionContext ctx, Args a) {
      String condition = a.string("condition");
      Duration timeout = a.duration("timeout");
      if (ctx.dryRun()) {
        return ActionResult.succeeded(
            "would wait up to "
                + io.autoagent.core.text.Durations.words(timeout)
                + " for "
                + condition
                + " "
                + target(a),
            List.of(),
            null);
      }
      CheckOutcome last = waitUntil(ctx, condition, a, timeout);
      return last.holds()
          ? ActionResult.succeeded(condition + " holds: " + last.detail(), List.of(), null)
          : ActionResult.failed(
              "timed out after "
                  + io.autoagent.core.text.Durations.words(timeout)
                  + " waiting for "
                  + condition
                  + ": "
                  + last.detail());
    }

    private static String target(Args a) {
      Map<String, Object> m = new LinkedHashMap<>(a.asMap());
      m.remove("condition");
      m.remove("timeout");
      return m.toString();
    }
  }

  /** The last outcome of polling {@code check} until it holds or {@code timeout} passes. */
  static CheckOutcome waitUntil(ActionContext ctx, String check, Args a, Duration timeout) {
    Instant deadline = ctx.clock().instant().plus(timeout);
    while (true) {
      CheckOutcome o = ctx.checks().evaluate(check, a, ctx);
      if (o.holds() || !ctx.clock().instant().isBefore(deadline)) {
        return o;
      }
      ctx.pause();
    }
  }

  /** Publishes an agent event; a dry run only says what it would publish. */
  static final class PublishEvent implements RegisteredAction {
    private static final ActionSpec SPEC =
        ActionSpec.action(
            "publish_event",
            "Publish an agent event for people and other agents",
            false,
            required("event_type", STRING, "event type"),
            required("severity", STRING, "severity")
                .oneOf("info", "low", "medium", "high", "critical"),
            required("message", STRING, "what happened and what a person should do"));

    @Override
    public ActionSpec spec() {
      return SPEC;
    }

    @Override
    public ActionResult run(ActionContext ctx, Args a) {
      String type = a.string("event_type");
      String severity = a.string("severity");
      String message = a.string("message");
      if (ctx.dryRun()) {
        return ActionResult.succeeded(
            "would publish " + type + " (" + severity + "): " + message, List.of(), null);
      }
      ctx.events()
          .publish(
              type,
              severity,
              message,
              Map.of("execution_id", String.valueOf(ctx.executionId())),
              "event-" + ctx.stepKey());
      return ActionResult.succeeded(
          "published " + type + " (" + severity + "): " + message, List.of(), null);
    }
  }
}

package io.autoagent.tools.remediation.action;

import io.autoagent.tools.remediation.CheckOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Actions that change nothing in the cluster: {@code wait_for} and {@code publish_event}. */
final class FlowActions {

  private FlowActions() {}

  /** Polls a condition (a check of the same name) until it holds or the timeout passes. */
  static final class WaitFor implements RemediationAction {
    @Override
    public String name() {
      return "wait_for";
    }

    @Override
    public ActionResult run(ActionContext ctx, Args a) {
      String condition = a.string("condition");
      Duration timeout = a.duration("timeout");
      if (ctx.dryRun()) {
        return ActionResult.succeeded("would wait up to " + io.autoagent.core.text.Durations.words(timeout) + " for " + condition + " " + target(a), List.of(), null);
      }
      CheckOutcome last = waitUntil(ctx, condition, a, timeout);
      return last.holds()
          ? ActionResult.succeeded(condition + " holds: " + last.detail(), List.of(), null)
          : ActionResult.failed("timed out after " + io.autoagent.core.text.Durations.words(timeout) + " waiting for " + condition + ": " + last.detail());
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
  static final class PublishEvent implements RemediationAction {
    @Override
    public String name() {
      return "publish_event";
    }

    @Override
    public ActionResult run(ActionContext ctx, Args a) {
      String type = a.string("event_type");
      String severity = a.string("severity");
      String message = a.string("message");
      if (ctx.dryRun()) {
        return ActionResult.succeeded("would publish " + type + " (" + severity + "): " + message, List.of(), null);
      }
      ctx.events().publish(type, severity, message, Map.of("execution_id", String.valueOf(ctx.executionId())),
          "event-" + ctx.stepKey());
      return ActionResult.succeeded("published " + type + " (" + severity + "): " + message, List.of(), null);
    }
  }
}

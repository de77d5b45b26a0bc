package io.autoagent.tools.remediation.action;

import io.autoagent.tools.remediation.ArgoCdPort;
import io.autoagent.tools.remediation.EventSink;
import io.autoagent.tools.remediation.FieldChange;
import io.autoagent.tools.remediation.policy.PolicyLimits;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What an action may use while it runs one step of one execution.
 *
 * @param serverDryRun with {@code dryRun}: send changes to the API server with {@code dryRun=All}
 *     (the server validates and admits them without storing); otherwise compute them locally
 * @param protectedNamespaces namespaces no action touches (a drain skips their pods)
 * @param limits bounds from the AutoRemediationPolicy
 * @param earlierChanges the changes this execution already made, oldest first (for restores)
 * @param stepKey unique per execution and step, for the ids of what an action publishes
 */
public record ActionContext(
    KubernetesClient client,
    boolean dryRun,
    boolean serverDryRun,
    Clock clock,
    Duration pollInterval,
    ArgoCdPort argo,
    EventSink events,
    PolicyLimits limits,
    Set<String> protectedNamespaces,
    Supplier<List<FieldChange>> earlierChanges,
    Checks checks,
    String executionId,
    String stepKey) {

  public ActionContext {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(argo, "argo");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(limits, "limits");
    protectedNamespaces = Set.copyOf(protectedNamespaces);
    Objects.requireNonNull(earlierChanges, "earlierChanges");
    Objects.requireNonNull(checks, "checks");
  }

  public ActionContext forStep(String key) {
    return new ActionContext(
        client,
        dryRun,
        serverDryRun,
        clock,
        pollInterval,
        argo,
        events,
        limits,
        protectedNamespaces,
        earlierChanges,
        checks,
        executionId,
        key);
  }

  /** Whether changes are sent to the API server (live, or server-side dry run). */
  boolean sendsToServer() {
    return !dryRun || serverDryRun;
  }

  /** Sleeps one poll interval; an interrupt ends the wait early. */
  void pause() {
    try {
      Thread.sleep(pollInterval);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new io.autoagent.core.RetriableException("interrupted while waiting", e);
    }
  }
}

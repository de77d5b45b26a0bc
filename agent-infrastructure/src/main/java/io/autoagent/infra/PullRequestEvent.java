package io.autoagent.infra;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.autoagent.core.messaging.Envelope;
import io.autoagent.core.messaging.WireMessage;
import io.autoagent.tools.gitops.GitOpsChange;
import io.autoagent.tools.gitops.GitOpsResult;
import java.util.Objects;

/**
 * The {@code agent_event} {@link PullRequestDelivery} publishes on {@code
 * agent.events.infrastructure-agent} for a queued pull request: {@code gitops_pull_request} (opened
 * or updated), {@code gitops_pull_request_superseded} or {@code gitops_pull_request_failed}.
 * Serialised once by the agent's mapper.
 *
 * @param eventType one of {@link PullRequestDelivery}'s {@code EVENT_*} names
 * @param severity {@code info}, or {@code high} when the forge refused the pull request
 */
public record PullRequestEvent(
    @JsonUnwrapped Envelope envelope,
    String eventType,
    String severity,
    String audience,
    String message,
    Context context)
    implements WireMessage {

  public static final String TYPE = "agent_event";

  public PullRequestEvent {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(context, "context");
  }

  /**
   * The event of {@code change}, queued for execution {@code executionId}; {@code pr} is null when
   * no pull request came of it.
   */
  public static PullRequestEvent of(
      Envelope envelope,
      String eventType,
      String severity,
      String executionId,
      GitOpsChange change,
      String message,
      GitOpsResult pr) {
    return new PullRequestEvent(
        envelope,
        eventType,
        severity,
        "operator",
        message,
        new Context(
            executionId,
            change.incidentKey(),
            change.namespace(),
            change.workload(),
            change.runbookId(),
            pr == null
                ? null
                : new PullRequest(pr.prUrl(), pr.outcome().wireName(), pr.branch(), pr.commit())));
  }

  /** Which change it is; every field is written, a null one as {@code null}. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Context(
      String executionId,
      String incident,
      String namespace,
      String workload,
      String runbookId,
      @JsonUnwrapped PullRequest pullRequest) {}

  /** The pull request, when there is one. */
  public record PullRequest(String url, String outcome, String branch, String commit) {}
}

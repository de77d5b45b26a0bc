package io.autoagent.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.PermanentException;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.messaging.DocumentPublisher;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.messaging.Publisher;
import io.autoagent.tools.escalation.OutboxDelivery;
import io.autoagent.tools.escalation.OutboxItem;
import io.autoagent.tools.gitops.GitOpsChange;
import io.autoagent.tools.gitops.GitOpsRemediator;
import io.autoagent.tools.gitops.GitOpsResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the pull requests queued in the outbox ({@link OutboxItem.Action#OPEN_PULL_REQUEST}) and
 * says so on {@code agent.events.infrastructure-agent}: {@code gitops_pull_request} with the URL,
 * or {@code gitops_pull_request_failed} when the forge refuses it for good. A forge or remote still
 * down throws {@link io.autoagent.core.RetriableException}, and the outbox tries again after its
 * backoff. Repeating after a crash is safe: the incident's branch and open pull request are reused.
 */
final class PullRequestDelivery implements OutboxDelivery {

  static final String EVENT_OPENED = "gitops_pull_request";
  static final String EVENT_FAILED = "gitops_pull_request_failed";
  static final String EVENT_SUPERSEDED = "gitops_pull_request_superseded";
  private static final Logger log = LoggerFactory.getLogger(PullRequestDelivery.class);

  private final GitOpsRemediator remediator;
  private final ObjectMapper mapper;
  private final Envelopes envelopes;
  private final DocumentPublisher documents;

  PullRequestDelivery(
      GitOpsRemediator remediator, ObjectMapper mapper, Envelopes envelopes, Publisher publisher) {
    this.remediator = remediator;
    this.mapper = mapper;
    this.envelopes = envelopes;
    this.documents = new DocumentPublisher(mapper, publisher);
  }

  @Override
  public void deliver(OutboxItem item) {
    GitOpsChange change;
    try {
      change = mapper.treeToValue(item.payload(), GitOpsChange.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new PermanentException(
          "the queued pull request of " + item.alertId() + " is unreadable: " + e.getMessage(), e);
    }
    GitOpsResult pr;
    try {
      pr = remediator.remediate(change);
    } catch (PermanentException e) {
      publish(
          EVENT_FAILED,
          "high",
          item.alertId(),
          change,
          "the queued pull request for " + change.incidentKey() + " was refused: " + e.getMessage(),
          null);
      throw e;
    }
    if (pr.outcome() == GitOpsResult.Outcome.SUPERSEDED) {
      log.info(
          "Queued pull request for {} dropped: a newer proposal already landed on {}",
          change.incidentKey(),
          pr.branch());
      publish(
          EVENT_SUPERSEDED,
          "info",
          item.alertId(),
          change,
          "the queued pull request for "
              + change.incidentKey()
              + " was dropped: a newer proposal for the incident already landed on "
              + pr.branch(),
          pr);
      return;
    }
    log.info(
        "Queued pull request for {} {}: {}",
        change.incidentKey(),
        pr.outcome().wireName(),
        pr.prUrl());
    publish(
        EVENT_OPENED,
        "info",
        item.alertId(),
        change,
        "pull request " + pr.outcome().wireName() + ": " + pr.prUrl(),
        pr);
  }

  private void publish(
      String type,
      String severity,
      String executionId,
      GitOpsChange change,
      String message,
      GitOpsResult pr) {
    String messageId = type + "-" + executionId;
    documents.publish(
        Contract.SUBJECT_EVENTS_PREFIX + envelopes.source(),
        PullRequestEvent.of(
            envelopes.envelope(PullRequestEvent.TYPE, messageId, null),
            type,
            severity,
            executionId,
            change,
            message,
            pr));
  }
}

package io.autoagent.tools.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.core.PermanentException;
import io.autoagent.core.llm.Redactor;
import io.autoagent.core.messaging.JetStreamStores;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.RootCause;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.archive.ArchiveStore;
import io.autoagent.tools.archive.IncidentArchiver;
import io.autoagent.tools.archive.ObjectStoreArchiveStore;
import io.autoagent.tools.archive.S3ArchiveStore;
import io.autoagent.tools.remediation.ExecutionStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent calls after publishing an analysis or a remediation result ({@link IncidentHook}):
 * counts the incident, queues Slack messages and ticket updates in the {@link Outbox}, whose worker
 * delivers them, and queues the evidence bundle in the {@link ArchiveQueue} once per incident and
 * evidence, whose worker stores it. Nothing is delivered or written on the caller's thread.
 * Critical findings, failed or rolled-back remediations and approvals waiting are escalated; a
 * healthy analysis closes the service's open tickets.
 *
 * <p>A second outbox lane carries GitOps pull requests that could not be opened when proposed
 * ({@link OutboxItem.Action#OPEN_PULL_REQUEST}, queued with {@link #enqueue}), delivered by the
 * delivery given for them, so a forge that is down delays a pull request and never loses it.
 *
 * <p>Thread-safe. {@link #onAnalysis} and {@link #onRemediation} throw {@link
 * io.autoagent.core.RetriableException} only when the outbox could not store an item (NATS down);
 * calling again is safe, since items are deduplicated by alert (archives by incident and evidence).
 * Archive store failures are retried by the archive worker and never reach the caller.
 */
public final class Escalations implements IncidentHook, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Escalations.class);

  private final Outbox outbox;

  /** Queued GitOps pull requests; null without GitOps. */
  private final Outbox pullRequestOutbox;

  private final OutboxDelivery pullRequests;

  /** Archives off the alert's path; null: no archives. */
  private final ArchiveQueue archives;

  private final IncidentMetrics metrics;
  private final List<AutoCloseable> resources;

  /**
   * @param archive null: no archives
   * @param pullRequests opens queued pull requests; {@link #NO_PULL_REQUESTS} when GitOps is off
   * @param resources closed last, in order (HTTP clients of the notifier and tracker)
   */
  public Escalations(
      Connection nc,
      Notifier notifier,
      TicketTracker tracker,
      ArchiveStore archive,
      IncidentMetrics metrics,
      Redactor redactor,
      Outbox.Options options,
      Clock clock,
      OutboxDelivery pullRequests,
      List<AutoCloseable> resources) {
    this(
        JetStreamStores.of(nc),
        notifier,
        tracker,
        archive,
        metrics,
        redactor,
        options,
        clock,
        pullRequests,
        resources);
  }

  /** As above, with the outboxes' streams created through {@code stores} (its replica count). */
  public Escalations(
      JetStreamStores nc,
      Notifier notifier,
      TicketTracker tracker,
      ArchiveStore archive,
      IncidentMetrics metrics,
      Redactor redactor,
      Outbox.Options options,
      Clock clock,
      OutboxDelivery pullRequests,
      List<AutoCloseable> resources) {
    Tickets tickets = new Tickets(tracker);
    this.metrics = metrics;
    this.resources = List.copyOf(resources);
    this.pullRequests = pullRequests;
    this.outbox =
        Outbox.open(
            nc,
            Outbox.ESCALATIONS,
            options,
            item -> {
              switch (item.action()) {
                case NOTIFY -> notifier.notify(item.escalation());
                case RAISE_TICKET -> tickets.raise(item.escalation());
                case RESOLVE_TICKETS -> tickets.resolve(item.incident(), item.alertId());
                case OPEN_PULL_REQUEST ->
                    pullRequests.deliver(item); // queued here by an earlier version
                case ARCHIVE ->
                    throw new PermanentException(
                        "archives have a lane of their own: " + item.messageId());
              }
            });
    // Archives too: an object store or S3 that is slow or down must not hold escalations back.
    this.archives =
        archive == null
            ? null
            : ArchiveQueue.start(nc, new IncidentArchiver(archive, redactor, clock), options);
    // Pull requests wait in a lane of their own: a forge or git remote that is down must not hold
    // Slack messages and tickets back behind clone and push timeouts.
    this.pullRequestOutbox =
        pullRequests == NO_PULL_REQUESTS || pullRequests instanceof Forward
            ? null
            : Outbox.open(nc, Outbox.PULL_REQUESTS, options, pullRequests);
    outbox.start();
    if (pullRequestOutbox != null) {
      pullRequestOutbox.start();
    }
  }

  /** Drops queued pull requests, saying why: GitOps is not configured in this agent (any more). */
  public static final OutboxDelivery NO_PULL_REQUESTS =
      item -> {
        throw new PermanentException(
            "the pull request of "
                + item.alertId()
                + " cannot be opened: GitOps is not configured in this agent");
      };

  /**
   * For an agent that runs the pull-request lane itself ({@link Outbox#PULL_REQUESTS}, its worker
   * opening the pull requests): these escalations open no lane of their own, and a pull request
   * queued in the escalation lane by an earlier version, or given to {@link #enqueue}, moves to
   * {@code lane}.
   */
  public static OutboxDelivery forwardTo(Outbox lane) {
    return new Forward(lane);
  }

  private record Forward(Outbox lane) implements OutboxDelivery {
    @Override
    public void deliver(OutboxItem item) {
      lane.enqueue(item);
    }
  }

  /**
   * Builds everything from the environment; a bad value throws a one-line {@link
   * io.autoagent.core.config.ConfigException}.
   */
  public static Escalations fromEnv(
      Map<String, String> env, Connection nc, MeterRegistry registry) {
    return create(EscalationConfig.fromEnv(env), nc, registry, NO_PULL_REQUESTS);
  }

  /**
   * Builds everything from a parsed configuration and starts the outbox worker.
   *
   * @param pullRequests opens queued GitOps pull requests ({@link #NO_PULL_REQUESTS} without
   *     GitOps)
   */
  public static Escalations create(
      EscalationConfig config, Connection nc, MeterRegistry registry, OutboxDelivery pullRequests) {
    return create(config, JetStreamStores.of(nc), registry, pullRequests);
  }

  /** As above, creating buckets and streams through {@code nc} (its replica count and domain). */
  public static Escalations create(
      EscalationConfig config,
      JetStreamStores nc,
      MeterRegistry registry,
      OutboxDelivery pullRequests) {
    log.info("Escalation: {}", config);
    List<AutoCloseable> resources = new ArrayList<>();
    // First: it is the part that can fail on a bad bucket, before any HTTP client is made.
    ArchiveStore archive = archiveStore(config, nc, resources);
    Notifier notifier = Notifier.NOOP;
    if (config.slackWebhookUrl() != null) {
      SlackNotifier slack = new SlackNotifier(config.slackWebhookUrl(), config.httpTimeout());
      resources.add(slack);
      notifier = slack;
    }
    TicketTracker tracker =
        switch (config.ticketsProvider()) {
          case "github" ->
              new GitHubTracker(
                  config.githubApiUrl(),
                  config.githubRepository(),
                  config.githubToken(),
                  config.httpTimeout());
          case "jira" ->
              new JiraTracker(
                  config.jiraUrl(),
                  config.jiraProject(),
                  config.jiraUser(),
                  config.jiraToken(),
                  config.httpTimeout());
          default -> TicketTracker.NONE;
        };
    if (tracker instanceof AutoCloseable closeable) {
      resources.add(closeable);
    }
    IncidentMetrics metrics =
        registry == null ? IncidentMetrics.NOOP : new IncidentMetrics(registry);
    try {
      return new Escalations(
          nc,
          notifier,
          tracker,
          archive,
          metrics,
          new Redactor(),
          Outbox.Options.DEFAULTS,
          Clock.systemUTC(),
          pullRequests,
          resources);
    } catch (RuntimeException e) {
      closeAll(resources); // the outbox could not open: release the clients made for it
      throw e;
    }
  }

  /**
   * The configured archive store, or null when archives are off; an S3 client joins {@code
   * resources}.
   */
  private static ArchiveStore archiveStore(
      EscalationConfig config, JetStreamStores nc, List<AutoCloseable> resources) {
    if (!config.archiveEnabled()) {
      return null;
    }
    if (config.archiveS3() != null) {
      S3ArchiveStore s3 = S3ArchiveStore.open(config.archiveS3());
      resources.add(s3);
      return s3;
    }
    return ObjectStoreArchiveStore.open(nc, config.archiveBucket(), config.archiveTtl());
  }

  /**
   * After an analysis is published.
   *
   * @param analysis the analysis as published (archived as is, redacted); built only when its
   *     archive is new (the rest of a storm never builds it)
   * @param escalationPolicy the matching policy's {@code escalation} map ({@code slackChannel});
   *     may be empty
   * @return completes with the incident whose archive was queued (empty when archives are off or
   *     this evidence of the incident was queued before: its archive is written once, by the
   *     archive worker) once the archive is stored durably; already complete when nothing new is
   *     archived. Completes with {@link io.autoagent.core.RetriableException} when NATS did not
   *     store it.
   */
  public java.util.concurrent.CompletableFuture<Optional<String>> onAnalysis(
      Evidence evidence,
      RootCause rootCause,
      java.util.function.Supplier<JsonNode> analysis,
      Map<String, Object> escalationPolicy) {
    Alert alert = evidence.alert();
    // Escalations are queued first: an archive that cannot be queued must not hold them back.
    if (rootCause.category() == Category.HEALTHY) {
      outbox.enqueue(
          OutboxItem.resolveTickets(
              new IncidentKey(alert.namespace(), alert.service(), Category.HEALTHY.name()),
              alert.alertId()));
      return archive(evidence, rootCause, analysis);
    }
    String reason = alert.reason() != null ? alert.reason() : rootCause.category().name();
    metrics.incident(reason, alert.namespace(), alert.service());
    boolean critical =
        alert.severity() == Severity.CRITICAL
            || evidence.findings().stream().anyMatch(f -> f.severity() == Severity.CRITICAL);
    if (critical) {
      escalate(
          new Escalation(
              Escalation.Kind.CRITICAL_FINDING,
              alert.alertId(),
              alert.namespace(),
              alert.service(),
              rootCause.category().name(),
              rootCause.summary(),
              channel(escalationPolicy),
              List.of()),
          true);
    }
    return archive(evidence, rootCause, analysis);
  }

  /**
   * After a remediation ends or waits: failed and rolled-back runs are escalated with a ticket,
   * approvals waiting with a Slack message only.
   *
   * @param links for example the approval URL or the execution record; may be empty
   */
  public void onRemediation(
      Alert alert,
      String category,
      String runbookId,
      ExecutionStatus status,
      String summary,
      List<String> links,
      Map<String, Object> escalationPolicy) {
    if (status == ExecutionStatus.SUCCEEDED
        || status == ExecutionStatus.FAILED
        || status == ExecutionStatus.ROLLED_BACK) {
      metrics.action(runbookId, alert.namespace(), alert.service());
    }
    Escalation.Kind kind =
        switch (status) {
          case FAILED -> Escalation.Kind.REMEDIATION_FAILED;
          case ROLLED_BACK -> Escalation.Kind.REMEDIATION_ROLLED_BACK;
          case AWAITING_APPROVAL, PROPOSED -> Escalation.Kind.APPROVAL_PENDING;
          default -> null;
        };
    if (kind != null) {
      String text =
          "Runbook " + runbookId + " " + status.wire() + (summary == null ? "" : ": " + summary);
      escalate(
          new Escalation(
              kind,
              alert.alertId(),
              alert.namespace(),
              alert.service(),
              category,
              text,
              channel(escalationPolicy),
              links),
          kind != Escalation.Kind.APPROVAL_PENDING);
    }
  }

  /**
   * Stores an item for the worker, such as a pull request to open once the forge answers again.
   * Throws {@link io.autoagent.core.RetriableException} when NATS did not confirm it; repeating is
   * safe (duplicates are dropped).
   */
  public void enqueue(OutboxItem item) {
    if (item.action() == OutboxItem.Action.OPEN_PULL_REQUEST && pullRequestOutbox != null) {
      pullRequestOutbox.enqueue(item);
    } else if (item.action() == OutboxItem.Action.OPEN_PULL_REQUEST
        && pullRequests instanceof Forward forward) {
      forward.deliver(item);
    } else {
      outbox.enqueue(item);
    }
  }

  public IncidentMetrics metrics() {
    return metrics;
  }

  private void escalate(Escalation e, boolean ticket) {
    outbox.enqueue(OutboxItem.notify(e));
    if (ticket) {
      outbox.enqueue(OutboxItem.raiseTicket(e));
    }
  }

  private java.util.concurrent.CompletableFuture<Optional<String>> archive(
      Evidence evidence, RootCause rootCause, java.util.function.Supplier<JsonNode> analysis) {
    return archives == null
        ? java.util.concurrent.CompletableFuture.completedFuture(Optional.empty())
        : archives.offer(evidence, rootCause, analysis);
  }

  @Override
  public java.util.concurrent.CompletionStage<?> analysed(
      Evidence evidence,
      RootCause rootCause,
      java.util.function.Supplier<JsonNode> published,
      Map<String, Object> policy) {
    return onAnalysis(evidence, rootCause, published, policy);
  }

  @Override
  public void remediated(
      Alert alert,
      String category,
      String runbookId,
      ExecutionStatus status,
      String summary,
      List<String> links,
      Map<String, Object> policy) {
    onRemediation(alert, category, runbookId, status, summary, links, policy);
  }

  private static String channel(Map<String, Object> policy) {
    Object channel = policy == null ? null : policy.get("slackChannel");
    return channel == null || channel.toString().isBlank() ? null : channel.toString();
  }

  @Override
  public void close() {
    if (archives != null) {
      archives.close();
    }
    outbox.close();
    if (pullRequestOutbox != null) {
      pullRequestOutbox.close();
    }
    closeAll(resources);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("Closing {} failed: {}", resource, e.toString());
      }
    }
  }
}

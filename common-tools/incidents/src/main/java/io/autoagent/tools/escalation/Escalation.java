package io.autoagent.tools.escalation;

import java.util.List;
import java.util.Objects;

/**
 * One thing people must hear about, as queued in the outbox and sent to Slack and the tracker.
 *
 * @param kind why people are told
 * @param alertId the alert it belongs to
 * @param channel Slack channel from the policy's {@code escalation.slackChannel}; null: the
 *     webhook's default
 * @param links URLs for the context line (dashboards, the ticket, the approval); may be empty
 */
public record Escalation(
    Kind kind,
    String alertId,
    String namespace,
    String service,
    String category,
    String summary,
    String channel,
    List<String> links) {

  /** Why an escalation is raised. */
  public enum Kind {
    CRITICAL_FINDING("Critical finding"),
    REMEDIATION_FAILED("Remediation failed"),
    REMEDIATION_ROLLED_BACK("Remediation rolled back"),
    APPROVAL_PENDING("Approval waiting");

    private final String title;

    Kind(String title) {
      this.title = title;
    }

    public String title() {
      return title;
    }
  }

  public Escalation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(category, "category");
    summary = summary == null ? "" : summary;
    links = links == null ? List.of() : List.copyOf(links);
  }

  public IncidentKey incident() {
    return new IncidentKey(namespace, service, category);
  }
}

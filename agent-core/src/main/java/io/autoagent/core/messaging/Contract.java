package io.autoagent.core.messaging;

import java.time.Duration;
import java.util.List;

/** Streams, subjects and consumers of the wire contract, version 1 ({@code CONTRACT.md}). */
public final class Contract {

  public static final String SCHEMA_VERSION = "1.1";

  public static final String AGENT_TASKS = "AGENT_TASKS";
  public static final String RUNBOOK_EXECUTIONS = "RUNBOOK_EXECUTIONS";
  public static final String RESPONSES = "RESPONSES";
  public static final String AGENT_DATA = "AGENT_DATA";

  public static final String SUBJECT_INFRASTRUCTURE = "infrastructure_agent";
  public static final String SUBJECT_OPS_GUARDIAN = "ops_guardian";
  public static final String SUBJECT_RUNBOOK_EXECUTE = "runbook.execute.infrastructure";
  public static final String SUBJECT_RUNBOOK_RESULT = "runbook.execution.infrastructure";
  public static final String SUBJECT_RESPONSE = "orchestrator_response";
  public static final String SUBJECT_DEPLOYMENTS_PREFIX = "deployments.";
  public static final String SUBJECT_EVENTS_PREFIX = "agent.events.";
  public static final String SUBJECT_STATUS_PREFIX = "agent.status.";

  public static final String CONSUMER_INFRASTRUCTURE = "infrastructure-agent";
  public static final String CONSUMER_INFRASTRUCTURE_RUNBOOKS = "infrastructure-agent-runbooks";
  public static final String CONSUMER_OPS_GUARDIAN = "ops-guardian";

  /**
   * Duplicate window of the streams the agents create: longer than the longest redelivery cycle
   * (ack wait times deliveries, plus a restart), so a result republished after a crash is dropped.
   */
  public static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(30);

  private static final Duration SEVEN_DAYS = Duration.ofDays(7);

  private Contract() {}

  /** Every stream of the contract's table, with every subject it lists. */
  public static List<StreamSpec> streams() {
    return List.of(
        new StreamSpec(
            AGENT_TASKS,
            List.of(SUBJECT_INFRASTRUCTURE, SUBJECT_OPS_GUARDIAN),
            true,
            Duration.ZERO,
            DUPLICATE_WINDOW),
        new StreamSpec(
            RUNBOOK_EXECUTIONS,
            List.of("runbook.execute.>"),
            true,
            Duration.ZERO,
            DUPLICATE_WINDOW),
        new StreamSpec(RESPONSES, List.of(SUBJECT_RESPONSE), false, SEVEN_DAYS, DUPLICATE_WINDOW),
        new StreamSpec(
            AGENT_DATA,
            List.of("deployments.>", "runbook.execution.>", "agent.events.>"),
            false,
            SEVEN_DAYS,
            DUPLICATE_WINDOW));
  }
}

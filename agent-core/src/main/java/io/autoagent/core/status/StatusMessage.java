package io.autoagent.core.status;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.autoagent.core.messaging.Envelope;
import io.autoagent.core.messaging.WireMessage;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code agent_status} heartbeat on {@code agent.status.<agent>} ({@code
 * agent-status.schema.json}), serialised once by the agent's mapper (snake_case, nulls left out).
 * Made by {@link StatusReporter}.
 *
 * @param status {@code active}, {@code degraded} or {@code inactive}
 * @param degradedReasons why the agent is degraded apart from its connections; null when none, and
 *     always null in {@code inactive}
 * @param uptimeS seconds since start, with milliseconds
 * @param connections per dependency: {@code ok}, {@code down} or {@code disabled}
 */
public record StatusMessage(
    @JsonUnwrapped Envelope envelope,
    String agent,
    String instanceId,
    String status,
    List<String> degradedReasons,
    double uptimeS,
    Memory memory,
    Cpu cpu,
    Counters counters,
    Map<String, String> connections,
    String version)
    implements WireMessage {

  public StatusMessage {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(status, "status");
  }

  /** Heap use, and the resident set when the platform tells it ({@code rss_bytes}, else null). */
  public record Memory(long heapUsedBytes, long heapMaxBytes, Long rssBytes) {}

  /** Processors, and the process's CPU load 0..1 when the platform tells it (else null). */
  public record Cpu(int availableProcessors, Double processLoad) {}

  /** The agent's request counters. */
  public record Counters(long processed, long failed, long errors, long inFlight) {}
}

package io.autoagent.core.status;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.autoagent.core.messaging.Envelope;
import io.autoagent.core.messaging.WireMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code agent_status} heartbeat on {@code agent.status.<agent>} ({@code
 * agent-status.schema.json}), serialised once by the agent's mapper (snake_case, nulls left out).
 * Made by {@link StatusReporter}; also the reply of the agents' {@code status} endpoints.
 *
 * @param status {@code active}, {@code degraded} or {@code inactive}
 * @param degradedReasons why the agent is degraded apart from its connections; null (left out) when
 *     none, and always null in {@code inactive}
 * @param uptimeS seconds since start, with milliseconds
 * @param connections per dependency, {@code nats} first: {@code ok}, {@code down} or {@code
 *     disabled}
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

  public static final String TYPE = "agent_status";

  public StatusMessage {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(connections, "connections");
    degradedReasons =
        degradedReasons == null || degradedReasons.isEmpty() || "inactive".equals(status)
            ? null
            : List.copyOf(degradedReasons);
    connections = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(connections));
  }

  /**
   * Heap use, and the resident set when the platform tells it ({@code rss_bytes}, else left out).
   */
  public record Memory(long heapUsedBytes, long heapMaxBytes, Long rssBytes) {

    /** {@code rss} of 0 or less means unknown and is left out. */
    public static Memory of(long heapUsedBytes, long heapMaxBytes, long rss) {
      return new Memory(heapUsedBytes, heapMaxBytes, rss > 0 ? rss : null);
    }
  }

  /** Processors, and the process's CPU load 0..1 when the platform tells it (else left out). */
  public record Cpu(int availableProcessors, Double processLoad) {

    /** A negative {@code load} means unknown and is left out. */
    public static Cpu of(int availableProcessors, double load) {
      return new Cpu(availableProcessors, load >= 0 ? load : null);
    }
  }

  /** The agent's request counters. */
  public record Counters(long processed, long failed, long errors, long inFlight) {}
}

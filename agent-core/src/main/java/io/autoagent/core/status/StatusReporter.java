package io.autoagent.core.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.messaging.DocumentPublisher;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.messaging.Publisher;
import io.autoagent.core.metrics.AgentMetrics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Builds and publishes the heartbeat on {@code agent.status.<agent>} ({@code
 * agent-status.schema.json}): every interval, and at once when the status or a connection changes.
 * Heartbeats go over core NATS; one missed while disconnected is simply not sent.
 */
public final class StatusReporter {

  private final ObjectMapper mapper;
  private final Envelopes envelopes;
  private final DocumentPublisher documents;
  private final AgentMetrics metrics;
  private final String agentName;
  private final String instanceId;
  private final String version;
  private final BooleanSupplier natsConnected;
  private final Supplier<Map<String, String>> connections;
  private final Supplier<List<String>> problems;
  private final Duration interval;
  private final Instant startedAt;
  private final AtomicLong sequence = new AtomicLong();
  private volatile String lastSignature = "";
  private volatile long lastSentNanos;

  /**
   * @param connections the agent's other connections ({@code kubernetes}, {@code git}, ...) as
   *     {@code ok}, {@code down} or {@code disabled}; called on every check, must be cheap
   */
  public StatusReporter(
      ObjectMapper mapper,
      Envelopes envelopes,
      Publisher publisher,
      AgentMetrics metrics,
      String agentName,
      String instanceId,
      BooleanSupplier natsConnected,
      Supplier<Map<String, String>> connections,
      Duration interval) {
    this(
        mapper,
        envelopes,
        publisher,
        metrics,
        agentName,
        instanceId,
        natsConnected,
        connections,
        List::of,
        interval);
  }

  /**
   * @param problems why the agent cannot do its whole job although its connections are up (for
   *     example an empty runbook library), one sentence each; any makes the status {@code degraded}
   *     and is listed in {@code degraded_reasons}. Called on every check, must be cheap.
   */
  public StatusReporter(
      ObjectMapper mapper,
      Envelopes envelopes,
      Publisher publisher,
      AgentMetrics metrics,
      String agentName,
      String instanceId,
      BooleanSupplier natsConnected,
      Supplier<Map<String, String>> connections,
      Supplier<List<String>> problems,
      Duration interval) {
    this.problems = problems;
    this.mapper = mapper;
    this.envelopes = envelopes;
    // null only in tests that build documents without publishing them
    this.documents = publisher == null ? null : new DocumentPublisher(mapper, publisher);
    this.metrics = metrics;
    this.agentName = agentName;
    this.instanceId = instanceId;
    this.version = Version.current();
    this.natsConnected = natsConnected;
    this.connections = connections;
    this.interval = interval;
    this.startedAt = envelopes.now();
  }

  /** Publishes when the interval has passed or anything changed; call about once a second. */
  public void tick() {
    Map<String, String> conns = connectionStates();
    String status = statusOf(conns);
    String signature = status + conns + problems.get();
    boolean due = System.nanoTime() - lastSentNanos >= interval.toNanos();
    if (due || !signature.equals(lastSignature)) {
      send(status, conns);
      lastSignature = signature;
    }
  }

  /** Publishes {@code inactive} once, on graceful shutdown. */
  public void sendInactive() {
    send("inactive", connectionStates());
  }

  /**
   * The current status document as a tree, for replies that add to it (the Ops Guardian's {@code
   * status} endpoint adds its {@code guardian} view).
   */
  public ObjectNode current() {
    return mapper.valueToTree(currentMessage());
  }

  /** The current status document, as published; for request/reply status queries. */
  public StatusMessage currentMessage() {
    Map<String, String> conns = connectionStates();
    return build(statusOf(conns), conns);
  }

  private void send(String status, Map<String, String> conns) {
    documents.publishCore(Contract.SUBJECT_STATUS_PREFIX + agentName, build(status, conns));
    lastSentNanos = System.nanoTime();
  }

  private Map<String, String> connectionStates() {
    Map<String, String> conns = new LinkedHashMap<>();
    conns.put("nats", natsConnected.getAsBoolean() ? "ok" : "down");
    conns.putAll(connections.get());
    return conns;
  }

  private String statusOf(Map<String, String> conns) {
    return conns.containsValue("down") || !problems.get().isEmpty() ? "degraded" : "active";
  }

  private StatusMessage build(String status, Map<String, String> conns) {
    Runtime rt = Runtime.getRuntime();
    double load = -1;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      load = os.getProcessCpuLoad();
    }
    return new StatusMessage(
        envelopes.envelope(
            StatusMessage.TYPE,
            "status-" + instanceId + "-" + sequence.incrementAndGet(),
            instanceId),
        agentName,
        instanceId,
        status,
        problems.get(),
        Duration.between(startedAt, envelopes.now()).toMillis() / 1000.0,
        StatusMessage.Memory.of(
            rt.totalMemory() - rt.freeMemory(), rt.maxMemory(), residentSetBytes()),
        StatusMessage.Cpu.of(rt.availableProcessors(), load),
        new StatusMessage.Counters(
            metrics.processedTotal(),
            metrics.failedTotal(),
            metrics.errorsTotal(),
            metrics.inFlight()),
        conns,
        version);
  }

  /** Resident set size from /proc on Linux; 0 elsewhere. */
  private static long residentSetBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}

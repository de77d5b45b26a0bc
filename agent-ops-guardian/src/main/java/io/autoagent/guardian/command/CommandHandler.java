package io.autoagent.guardian.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.RetriableException;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Outcome;
import io.autoagent.core.messaging.Request;
import io.autoagent.core.messaging.RequestHandler;
import io.autoagent.guardian.coordination.CoordinationRequests;
import io.autoagent.guardian.coordination.InvalidRequestException;
import io.autoagent.guardian.events.GuardianEvents;
import io.autoagent.guardian.loop.CycleReport;
import io.autoagent.guardian.loop.Leadership;
import io.autoagent.guardian.loop.MonitorLoop;
import io.autoagent.guardian.signals.WorkloadRef;
import io.nats.client.Connection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Handles commands on {@code ops_guardian}: {@code pause}, {@code resume}, {@code evaluate} (a
 * cycle now, for {@code "service": "namespace/name"} or every watched workload) and {@code status}
 * (a heartbeat and a {@code guardian_status} event now).
 *
 * <p>{@code pause} and {@code resume} are validated here and then republished on {@code
 * coordination.pause} / {@code coordination.resume}, so that every replica applies them, not only
 * the one the work queue handed the command to. {@code evaluate} needs the leader: a follower puts
 * the command back for another replica and refuses it on the last delivery. A command that cannot
 * be used is refused with a log line and a {@code command_rejected} event, and terminated.
 */
public final class CommandHandler implements RequestHandler {

  private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(2);
  static final Duration NOT_LEADER_RETRY = Duration.ofSeconds(1);

  private final ObjectMapper mapper;
  private final Connection connection;
  private final GuardianEvents events;
  private final MonitorLoop loop;
  private final Leadership leadership;
  private final Clock clock;
  private final Duration defaultTtl;
  private final int maxPayloadBytes;
  private final Runnable heartbeatNow;
  private final Supplier<?> statusView;

  /**
   * @param heartbeatNow publishes a heartbeat on {@code agent.status.ops-guardian} at once
   * @param statusView the context of a {@code guardian_status} event: a record of this replica's
   *     view
   */
  public CommandHandler(
      ObjectMapper mapper,
      Connection connection,
      GuardianEvents events,
      MonitorLoop loop,
      Leadership leadership,
      Clock clock,
      Duration defaultTtl,
      int maxPayloadBytes,
      Runnable heartbeatNow,
      Supplier<?> statusView) {
    this.mapper = mapper;
    this.connection = connection;
    this.events = events;
    this.loop = loop;
    this.leadership = leadership;
    this.clock = clock;
    this.defaultTtl = defaultTtl;
    this.maxPayloadBytes = maxPayloadBytes;
    this.heartbeatNow = heartbeatNow;
    this.statusView = statusView;
  }

  @Override
  public Outcome handle(Request request) {
    String id = commandId(request);
    JsonNode body = null;
    try {
      body = parse(request);
      String correlation = CoordinationRequests.correlationId(body);
      MDC.put("correlation_id", correlation);
      String type = body.path("type").asText("");
      return switch (type) {
        case "pause" ->
            forward(CoordinationRequests.SUBJECT_PAUSE, pauseBody(body, correlation), id);
        case "resume" ->
            forward(CoordinationRequests.SUBJECT_RESUME, resumeBody(body, correlation), id);
        case "evaluate" -> evaluate(request, body, id, correlation);
        case "status" -> status(id, correlation);
        case "" ->
            throw new InvalidRequestException(
                "type is required: pause, resume, evaluate or status");
        default ->
            throw new InvalidRequestException(
                "unsupported type \"" + type + "\": expected pause, resume, evaluate or status");
      };
    } catch (InvalidRequestException e) {
      return reject(request, id, body, e.getMessage());
    } finally {
      MDC.remove("correlation_id");
    }
  }

  private JsonNode parse(Request request) {
    if (request.data().length > maxPayloadBytes) {
      throw new InvalidRequestException(
          "command of "
              + request.data().length
              + " bytes exceeds MAX_PAYLOAD_BYTES "
              + maxPayloadBytes);
    }
    try {
      JsonNode body = mapper.readTree(request.data());
      if (body == null || !body.isObject()) {
        throw new InvalidRequestException("command must be a JSON object");
      }
      return body;
    } catch (IOException e) {
      throw new InvalidRequestException("command is not valid JSON");
    }
  }

  private JsonNode pauseBody(JsonNode body, String correlation) {
    CoordinationRequests.pause(body, clock, defaultTtl); // validates; every replica parses again
    return withCorrelation(body, correlation);
  }

  private JsonNode resumeBody(JsonNode body, String correlation) {
    CoordinationRequests.resume(body);
    return withCorrelation(body, correlation);
  }

  private static JsonNode withCorrelation(JsonNode body, String correlation) {
    ObjectNode copy = body.deepCopy();
    copy.remove("type");
    copy.put("correlation_id", correlation);
    return copy;
  }

  /** Republishes on core NATS and waits until the server has it, so an ack means it went out. */
  private Outcome forward(String subject, JsonNode body, String id) {
    try {
      connection.publish(subject, Json.bytes(mapper, body));
      connection.flush(FLUSH_TIMEOUT);
    } catch (TimeoutException | IllegalStateException e) {
      throw new RetriableException("could not forward command " + id + " to " + subject, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetriableException("interrupted forwarding command " + id, e);
    }
    log.info("Command {} forwarded to {}", id, subject);
    return Outcome.done();
  }

  private Outcome evaluate(Request request, JsonNode body, String id, String correlation) {
    Optional<WorkloadRef> only = target(body);
    if (only.isPresent() && !loop.watched().contains(only.get())) {
      throw new InvalidRequestException(only.get() + " is not a watched workload");
    }
    if (!leadership.isLeader()) {
      if (request.lastDelivery()) {
        throw new InvalidRequestException(
            "no leader took the evaluation; this replica is a " + leadership.describe());
      }
      return Outcome.retryAfter(NOT_LEADER_RETRY, "not the leader; another replica may take it");
    }
    CycleReport report = loop.runCycle(only, correlation, "evaluate-" + safe(id));
    log.info(
        "Command {}: evaluated {} workloads ({} unreadable)",
        id,
        report.verdicts().size(),
        report.unreadable().size());
    return Outcome.done();
  }

  private static Optional<WorkloadRef> target(JsonNode body) {
    JsonNode service = body.get("service");
    if (service == null || service.isNull() || service.asText().equals("*")) {
      return Optional.empty();
    }
    String[] parts = service.asText().split("/");
    if (!service.isTextual() || parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new InvalidRequestException(
          "service must be \"namespace/name\" or \"*\", got " + service);
    }
    return Optional.of(WorkloadRef.of(parts[0], parts[1]));
  }

  private Outcome status(String id, String correlation) {
    heartbeatNow.run();
    events.status("status-" + safe(id), correlation, statusView.get());
    return Outcome.done();
  }

  private Outcome reject(Request request, String id, JsonNode body, String why) {
    log.warn("Rejected command {} on {}: {}", id, request.subject(), why);
    events.rejected(
        "rejected-" + safe(id),
        CoordinationRequests.correlationId(body != null && body.isObject() ? body : null),
        request.subject(),
        why,
        text(request.data()));
    return Outcome.rejected();
  }

  @Override
  public void onGiveUp(Request request, String reason) {
    String id = commandId(request);
    events.failed("failed-" + safe(id), correlationIdOf(request), request.subject(), reason);
  }

  @Override
  public String correlationIdOf(Request request) {
    try {
      JsonNode body = mapper.readTree(request.data());
      return body != null && body.hasNonNull("correlation_id")
          ? body.get("correlation_id").asText()
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String commandId(Request request) {
    return request.messageId() != null ? request.messageId() : request.fallbackId();
  }

  /** Message ids stay printable and short. */
  private static String safe(String id) {
    String cleaned = id.replaceAll("[^A-Za-z0-9_.:-]", "_");
    return cleaned.length() > 200 ? cleaned.substring(0, 200) : cleaned;
  }

  private static String text(byte[] data) {
    return new String(data, StandardCharsets.UTF_8);
  }
}

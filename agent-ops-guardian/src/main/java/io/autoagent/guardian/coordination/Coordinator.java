package io.autoagent.guardian.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.AgentException;
import io.autoagent.guardian.events.GuardianEvents;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on {@code coordination.pause} and {@code coordination.resume} (core NATS, every replica)
 * and keeps {@link Pauses} in step. Every replica applies every message, so a follower that takes
 * over already knows the pauses; only the leader publishes the {@code coordination_paused} and
 * {@code coordination_resumed} events, so operators see each once. {@link #expireDue} ends the
 * pauses whose TTL has run out; call it about once a second.
 */
public final class Coordinator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Coordinator.class);

  private final Connection connection;
  private final ObjectMapper mapper;
  private final Pauses pauses;
  private final GuardianEvents events;
  private final BooleanSupplier publishes;
  private final Duration defaultTtl;
  private Dispatcher dispatcher;

  /**
   * @param publishes whether this replica publishes coordination events (it leads)
   */
  public Coordinator(
      Connection connection,
      ObjectMapper mapper,
      Pauses pauses,
      GuardianEvents events,
      BooleanSupplier publishes,
      Duration defaultTtl) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.pauses = Objects.requireNonNull(pauses, "pauses");
    this.events = Objects.requireNonNull(events, "events");
    this.publishes = Objects.requireNonNull(publishes, "publishes");
    this.defaultTtl = Objects.requireNonNull(defaultTtl, "defaultTtl");
  }

  /** Subscribes; jnats keeps the subscriptions across reconnects. */
  public synchronized Coordinator start() {
    dispatcher = connection.createDispatcher(this::onMessage);
    dispatcher.subscribe(CoordinationRequests.SUBJECT_PAUSE);
    dispatcher.subscribe(CoordinationRequests.SUBJECT_RESUME);
    return this;
  }

  void onMessage(Message message) {
    String subject = message.getSubject();
    String text =
        message.getData() == null ? "" : new String(message.getData(), StandardCharsets.UTF_8);
    JsonNode body = null;
    try {
      body = mapper.readTree(text);
      if (CoordinationRequests.SUBJECT_PAUSE.equals(subject)) {
        pause(CoordinationRequests.pause(body, pauses.clock(), defaultTtl));
      } else {
        resume(CoordinationRequests.resume(body), CoordinationRequests.correlationId(body));
      }
    } catch (IOException | InvalidRequestException e) {
      String why = e instanceof IOException ? "body is not JSON" : e.getMessage();
      log.warn("Ignored {} message: {}", subject, why);
      if (publishes.getAsBoolean()) {
        String correlation =
            CoordinationRequests.correlationId(body != null && body.isObject() ? body : null);
        safely(
            () ->
                events.rejected("rejected-" + UUID.randomUUID(), correlation, subject, why, text));
      }
    }
  }

  /** Applies a pause and reports it. */
  public void pause(Pause pause) {
    pauses.add(pause);
    log.info(
        "Scaling paused for {} by {} for {} s: {}",
        pause.services(),
        pause.requestedBy(),
        pause.ttl().toSeconds(),
        pause.reason());
    if (publishes.getAsBoolean()) {
      safely(() -> events.paused("paused-" + UUID.randomUUID(), pause));
    }
  }

  /** Ends every pause and reports it (also when none was in force: the request is answered). */
  public void resume(String requestedBy, String correlationId) {
    List<Pause> ended = pauses.resumeAll();
    log.info("Scaling resumed by {} ({} pauses ended)", requestedBy, ended.size());
    if (publishes.getAsBoolean()) {
      safely(
          () ->
              events.resumed(
                  "resumed-" + UUID.randomUUID(), correlationId, ended, requestedBy, false));
    }
  }

  /** Ends expired pauses and reports them. */
  public void expireDue() {
    List<Pause> expired = pauses.expire();
    if (expired.isEmpty()) {
      return;
    }
    log.info(
        "Pauses by {} expired; scaling resumes", expired.stream().map(Pause::requestedBy).toList());
    if (publishes.getAsBoolean()) {
      safely(
          () ->
              events.resumed(
                  "expired-" + UUID.randomUUID(),
                  expired.getFirst().correlationId(),
                  expired,
                  "ops-guardian",
                  true));
    }
  }

  private static void safely(Runnable publication) {
    try {
      publication.run();
    } catch (AgentException e) {
      log.warn("Could not publish a coordination event: {}", e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (dispatcher != null && connection.getStatus() != Connection.Status.CLOSED) {
      connection.closeDispatcher(dispatcher);
      dispatcher = null;
    }
  }
}

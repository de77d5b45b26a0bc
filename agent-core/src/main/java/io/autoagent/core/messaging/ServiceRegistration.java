package io.autoagent.core.messaging;

import io.autoagent.core.PermanentException;
import io.autoagent.core.llm.JsonRedaction;
import io.autoagent.core.llm.Redactor;
import io.nats.client.Connection;
import io.nats.service.Service;
import io.nats.service.ServiceEndpoint;
import io.nats.service.ServiceMessage;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's registration with the NATS Service API: one service per agent name, one instance per
 * process, its endpoints load-balanced over the instances (the Service API's queue group). It
 * disappears when the agent stops. Replies are redacted like every publication (see {@link
 * Publisher}).
 */
public final class ServiceRegistration implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ServiceRegistration.class);
  private static final java.util.regex.Pattern SEMVER =
      java.util.regex.Pattern.compile("^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$");

  private final Service service;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Redactor redactor = new Redactor();

  private ServiceRegistration(
      Connection connection,
      String name,
      String version,
      String description,
      List<Endpoint> endpoints) {
    var builder =
        Service.builder()
            .connection(connection)
            .name(name)
            .version(SEMVER.matcher(version).matches() ? version : "0.0.0")
            .description(description);
    for (Endpoint endpoint : endpoints) {
      builder.addServiceEndpoint(
          ServiceEndpoint.builder()
              .endpointName(endpoint.name())
              .endpointSubject(endpoint.subject())
              .handler(message -> executor.execute(() -> answer(connection, endpoint, message)))
              .build());
    }
    service = builder.build();
  }

  /** Registers and starts answering; returns at once. */
  public static ServiceRegistration start(
      Connection connection,
      String name,
      String version,
      String description,
      List<Endpoint> endpoints) {
    ServiceRegistration registration =
        new ServiceRegistration(connection, name, version, description, endpoints);
    registration.service.startService();
    log.info("Registered with the NATS Service API as {} ({} endpoints)", name, endpoints.size());
    return registration;
  }

  /** This instance's id in {@code $SRV.INFO}. */
  public String id() {
    return service.getId();
  }

  private void answer(Connection connection, Endpoint endpoint, ServiceMessage message) {
    try {
      String requestId =
          message.getHeaders() == null ? null : message.getHeaders().getFirst("Nats-Msg-Id");
      message.respond(
          connection,
          JsonRedaction.redact(endpoint.handler().reply(message.getData(), requestId), redactor));
    } catch (PermanentException e) {
      message.respondStandardError(connection, redactor.redact(e.getMessage()), 400);
    } catch (Exception e) {
      log.warn("Endpoint {} failed: {}", endpoint.subject(), e.toString());
      message.respondStandardError(
          connection, "internal error: " + redactor.redact(e.getMessage()), 500);
    }
  }

  private boolean closed;

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    service.stop();
    executor.shutdownNow();
  }
}

package io.autoagent.infra.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus Alertmanager's webhook receiver: {@code POST /alertmanager} with Alertmanager's body
 * (version 4), published as is to {@code infrastructure_agent} through an {@link AlertSink}.
 *
 * <p>Answers, in the order checked: 404 for another path, 405 for another method, 401 without
 * usable credentials and 403 with wrong ones, 413 over {@code MAX_PAYLOAD_BYTES}, 400 with a JSON
 * error for a body that is not an Alertmanager body, 503 while NATS or JetStream cannot take it
 * (Alertmanager retries 5xx answers, not 4xx), and 200 only once the stream has acknowledged the
 * message. Every answer is a JSON document.
 *
 * <p>Requests are handled on virtual threads; {@link #close} stops listening at once.
 */
public final class AlertmanagerReceiver implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AlertmanagerReceiver.class);

  /** Counter of requests by {@code outcome}; Prometheus: {@code agent_webhook_requests_total}. */
  public static final String REQUESTS = "agent.webhook.requests";

  private final WebhookConfig config;
  private final AlertSink sink;
  private final ObjectMapper mapper;
  private final MeterRegistry registry;
  private final HttpServer server;
  private final ExecutorService executor;

  private AlertmanagerReceiver(
      WebhookConfig config, AlertSink sink, ObjectMapper mapper, MeterRegistry registry)
      throws IOException {
    this.config = config;
    this.sink = sink;
    this.mapper = mapper;
    this.registry = registry;
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    try {
      this.server = HttpServer.create(new InetSocketAddress(config.port()), 0);
    } catch (java.net.BindException e) {
      executor.shutdownNow();
      throw new IOException(
          WebhookConfig.WEBHOOK_PORT + "=" + config.port() + " cannot be used: " + e.getMessage(),
          e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * Starts listening when {@code config} enables the receiver.
   *
   * @param registry where to count requests; null counts nothing
   * @return the receiver, or null when {@code WEBHOOK_PORT} is not set
   * @throws IOException when the port cannot be bound
   */
  public static AlertmanagerReceiver start(
      WebhookConfig config, AlertSink sink, ObjectMapper mapper, MeterRegistry registry)
      throws IOException {
    if (!config.enabled()) {
      return null;
    }
    AlertmanagerReceiver receiver = new AlertmanagerReceiver(config, sink, mapper, registry);
    log.info("Alertmanager receiver listening: POST :{}{}", receiver.port(), WebhookConfig.PATH);
    return receiver;
  }

  /** The port actually bound (useful when configured as 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(WebhookConfig.PATH)) {
        error(
            exchange,
            404,
            "not_found",
            "NOT_FOUND",
            "no such path: POST " + WebhookConfig.PATH + " receives Alertmanager webhooks");
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        error(
            exchange,
            405,
            "method_not_allowed",
            "METHOD_NOT_ALLOWED",
            exchange.getRequestMethod() + " is not allowed: use POST");
        return;
      }
      switch (config.auth().check(exchange.getRequestHeaders().getFirst("Authorization"))) {
        case MISSING -> {
          exchange.getResponseHeaders().set("WWW-Authenticate", config.auth().challenge());
          error(
              exchange,
              401,
              "unauthorized",
              "UNAUTHORIZED",
              "credentials required: "
                  + config.auth().challenge().split(" ")[0]
                  + " authorization");
          return;
        }
        case WRONG -> {
          error(exchange, 403, "forbidden", "FORBIDDEN", "credentials not accepted");
          return;
        }
        case ALLOWED -> {}
      }
      byte[] body = readBounded(exchange);
      if (body == null) {
        error(
            exchange,
            413,
            "too_large",
            "PAYLOAD_TOO_LARGE",
            "body is larger than MAX_PAYLOAD_BYTES (" + config.maxPayloadBytes() + " bytes)");
        return;
      }
      AlertmanagerBody parsed;
      try {
        parsed = AlertmanagerBody.parse(mapper, body);
      } catch (AlertmanagerBody.Invalid e) {
        error(exchange, 400, "bad_request", e.code(), e.getMessage());
        return;
      }
      publish(exchange, parsed, body);
    } catch (RuntimeException e) {
      log.error("Alertmanager receiver failed on a request", e);
      error(exchange, 500, "error", "INTERNAL", "internal error: " + e.getClass().getSimpleName());
    }
  }

  private void publish(HttpExchange exchange, AlertmanagerBody parsed, byte[] body)
      throws IOException {
    AlertSink.Ack ack;
    try {
      ack = sink.publish(parsed.messageId(), body);
    } catch (AlertSink.Unavailable e) {
      log.warn(
          "Alertmanager notification {} refused with 503: {}", parsed.messageId(), e.getMessage());
      exchange.getResponseHeaders().set("Retry-After", "5");
      error(
          exchange,
          503,
          "unavailable",
          "UNAVAILABLE",
          "NATS is unavailable (" + e.getMessage() + "); retry later");
      return;
    }
    log.info(
        "Alertmanager notification {} {}: {} alerts, {} firing",
        parsed.messageId(),
        ack.duplicate() ? "was already accepted" : "accepted",
        parsed.alerts(),
        parsed.firing());
    ObjectNode doc = mapper.createObjectNode();
    doc.put("status", "accepted");
    doc.put("message_id", parsed.messageId());
    doc.put("duplicate", ack.duplicate());
    doc.put("stream", ack.stream());
    doc.put("sequence", ack.sequence());
    doc.put("alerts", parsed.alerts());
    doc.put("firing", parsed.firing());
    respond(exchange, 200, ack.duplicate() ? "duplicate" : "accepted", doc);
  }

  /**
   * The body, or null when it is longer than allowed (read no further than one byte past the
   * limit).
   */
  private byte[] readBounded(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.strip()) > config.maxPayloadBytes()) {
          return null;
        }
      } catch (NumberFormatException ignored) {
        // the read below enforces the limit
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] data = in.readNBytes(config.maxPayloadBytes() + 1);
      return data.length > config.maxPayloadBytes() ? null : data;
    }
  }

  private void error(HttpExchange exchange, int status, String outcome, String code, String message)
      throws IOException {
    ObjectNode doc = mapper.createObjectNode();
    ObjectNode error = doc.putObject("error");
    error.put("code", code);
    error.put("message", message);
    if (status >= 400 && status < 500) {
      log.debug("Alertmanager receiver answered {}: {}", status, message);
    }
    respond(exchange, status, outcome, doc);
  }

  private void respond(HttpExchange exchange, int status, String outcome, ObjectNode doc)
      throws IOException {
    if (registry != null) {
      Counter.builder(REQUESTS)
          .description("Alertmanager webhook requests by outcome")
          .tag("outcome", outcome)
          .register(registry)
          .increment();
    }
    byte[] bytes = mapper.writeValueAsBytes(doc);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

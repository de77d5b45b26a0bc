package io.autoagent.core.messaging;

import java.util.Objects;

/**
 * A request/reply endpoint the agent registers with the NATS Service API ({@code $SRV.PING}, {@code
 * $SRV.INFO}, {@code $SRV.STATS} list it). Its subject must be one no stream captures.
 *
 * @param name endpoint name in the service's info
 * @param subject the subject it answers on
 * @param handler turns a request body into a reply body; runs on a virtual thread and may block. A
 *     thrown {@link io.autoagent.core.PermanentException} answers a 400 service error, any other
 *     exception a 500
 */
public record Endpoint(String name, String subject, Handler handler) {

  /** Request body in, reply body out. */
  @FunctionalInterface
  public interface Handler {
    byte[] reply(byte[] request, String requestId) throws Exception;
  }

  public Endpoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(handler, "handler");
  }
}

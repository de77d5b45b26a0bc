package io.autoagent.core.messaging;

/**
 * Handles the requests of one durable consumer.
 *
 * <p>Called from many virtual threads at once. {@link #handle} publishes its own answers and
 * returns what to do with the request; it may throw {@link io.autoagent.core.RetriableException}
 * (redelivered later) or {@link io.autoagent.core.PermanentException} (given up at once). Any other
 * exception is treated as retriable, because a bug must not lose a request. A handler that has
 * answered but started a hand-off the request must not be acknowledged without returns {@link
 * Outcome#doneWhen}: the runtime acknowledges it when the hand-off completes, or settles it as the
 * hand-off's exception says.
 */
public interface RequestHandler {

  Outcome handle(Request request);

  /**
   * Publishes the failure answer for a request the runtime gives up on (after its last delivery, or
   * at once on a permanent error). The runtime publishes the dead-letter event itself. May throw
   * {@link io.autoagent.core.RetriableException} when the answer cannot be published; the request
   * is then kept and given up again on its next delivery.
   */
  void onGiveUp(Request request, String reason);

  /** The correlation id carried by a request, for the dead-letter event; null when unknown. */
  default String correlationIdOf(Request request) {
    return null;
  }

  /**
   * One delivery of a request, as the runtime drives it: {@link #handle} once, then, only if the
   * runtime gives the request up, {@link #onGiveUp} and {@link #correlationId}. A handler that must
   * parse the body overrides {@link RequestHandler#open} to parse it once for all three.
   */
  interface Delivery {
    Outcome handle();

    void onGiveUp(String reason);

    String correlationId();
  }

  /**
   * Starts a delivery; must not throw (a body that cannot be parsed is the delivery's outcome, not
   * an exception here). By default each step calls the handler's method with the raw request.
   */
  default Delivery open(Request request) {
    return new Delivery() {
      @Override
      public Outcome handle() {
        return RequestHandler.this.handle(request);
      }

      @Override
      public void onGiveUp(String reason) {
        RequestHandler.this.onGiveUp(request, reason);
      }

      @Override
      public String correlationId() {
        return correlationIdOf(request);
      }
    };
  }
}

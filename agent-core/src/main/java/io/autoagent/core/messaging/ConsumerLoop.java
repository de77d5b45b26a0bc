package io.autoagent.core.messaging;

import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.core.metrics.AgentMetrics;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullRequestOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Pulls one durable consumer and owns its ack policy. It pulls only as many messages as it has free
 * workers (so AckWait never runs on messages nobody is working on), keeps long work alive with
 * in-progress acks, naks transient failures with a growing delay, and gives up after the last
 * delivery with a failure answer and a dead-letter event before terminating the request.
 *
 * <p>The server-side consumer has no MaxDeliver: the loop counts deliveries itself, so that a
 * request whose give-up cannot be published (NATS down) is redelivered instead of stranded.
 *
 * <p>Pulls go through one subscription that lives as long as the binding, not one per fetch: a
 * message the server sends just as a pull expires (the server's clock runs a little behind the
 * client's, more so under load) then waits in the subscription for the next pull instead of
 * reaching an inbox already closed, where it was lost until AckWait redelivered it 30 s later. Such
 * late messages count against the next pull's free workers, so the bound holds.
 *
 * <p>{@link #stop} ends the pulling after the pull in progress (at most its expiry, a second): the
 * thread is not interrupted, because jnats abandons a pull the server still holds when its wait is
 * interrupted, and what the server then sends (or what is handed back into that live pull) waits
 * out AckWait with one more delivery counted. What the subscription received but no worker took is
 * handed back (nak) once the pull has expired; a message a worker holds is finished, acknowledged
 * and its result published, within the grace {@link #awaitIdle} is given.
 *
 * <p>A handler may answer with {@link Outcome#doneWhen}: the message is acknowledged only once a
 * hand-off it started completes (a new incident's archive queued durably). Its worker is freed at
 * once, so the loop keeps pulling; its in-progress acks go on until it settles; a stage that fails
 * settles it as the same exception thrown by the handler would have. {@link #awaitIdle} waits for
 * these too, within the same grace; one still unsettled after it is not acknowledged ({@link
 * #abandonDeferred}), and JetStream redelivers it after AckWait.
 */
final class ConsumerLoop implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);

  /** How long a pull waits on the server for messages. */
  private static final long FETCH_EXPIRES_MS = 1000;

  /**
   * How long a pull's messages are waited for: its expiry and a tenth more, as jnats's own fetch
   * does.
   */
  private static final Duration FETCH_WAIT = Duration.ofMillis(FETCH_EXPIRES_MS * 11 / 10);

  private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(60);
  private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);

  /** JetStream API error codes: consumer not found, stream not found. */
  private static final int CONSUMER_NOT_FOUND = 10014;

  private final JetStreamStores stores;
  private final ConsumerSpec spec;
  private final Duration ackWait;
  private final int maxDeliver;
  private final ExecutorService workers;
  private final ScheduledExecutorService ticker;
  private final AgentMetrics metrics;
  private final DeadLetters deadLetters;
  private final Semaphore permits;
  private volatile boolean running = true;
  private volatile boolean bound;
  private volatile JetStreamSubscription subscription;

  /** Guards {@link #deferred} and {@link #keepAlives}; notified when a deferred one settles. */
  private final Object deferredLock = new Object();

  /** Messages whose handler returned a deferred outcome not yet settled. */
  private int deferred;

  /** Their in-progress acks, cancelled by {@link #abandonDeferred}. */
  private final java.util.Set<ScheduledFuture<?>> keepAlives = new java.util.HashSet<>();

  ConsumerLoop(
      JetStreamStores stores,
      ConsumerSpec spec,
      Duration ackWait,
      int maxDeliver,
      ExecutorService workers,
      ScheduledExecutorService ticker,
      AgentMetrics metrics,
      DeadLetters deadLetters) {
    this.stores = stores;
    this.spec = spec;
    this.ackWait = ackWait;
    this.maxDeliver = maxDeliver;
    this.workers = workers;
    this.ticker = ticker;
    this.metrics = metrics;
    this.deadLetters = deadLetters;
    this.permits = new Semaphore(spec.workers());
  }

  /** Whether the durable consumer exists and this loop is pulling from it. */
  boolean bound() {
    return bound && running;
  }

  /** Creates or updates the durable consumer; idempotent, shared by every replica. */
  void bind() throws Exception {
    ConsumerConfiguration config =
        ConsumerConfiguration.builder()
            .durable(spec.durable())
            .filterSubject(spec.filterSubject())
            .ackPolicy(AckPolicy.Explicit)
            .deliverPolicy(DeliverPolicy.All)
            .ackWait(ackWait)
            .maxDeliver(-1)
            .maxAckPending(Math.max(1000, spec.workers() * 4L))
            .build();
    stores.management().addOrUpdateConsumer(spec.stream(), config);
    JetStreamSubscription previous = subscription;
    if (previous != null) {
      unsubscribe(previous);
    }
    subscription =
        stores
            .jetStream()
            .subscribe(
                spec.filterSubject(), PullSubscribeOptions.bind(spec.stream(), spec.durable()));
    bound = true;
  }

  @Override
  public void run() {
    try {
      pullUntilStopped();
    } finally {
      JetStreamSubscription last = subscription;
      if (last != null) {
        unsubscribe(last);
      }
    }
  }

  private void pullUntilStopped() {
    while (running) {
      int[] unused = {0};
      try {
        if (!bound) {
          Topology.ensure(stores, Contract.streams());
          bind();
          log.info(
              "Bound consumer {} on {} ({})", spec.durable(), spec.stream(), spec.filterSubject());
        }
        if (!permits.tryAcquire(FETCH_EXPIRES_MS, TimeUnit.MILLISECONDS)) {
          continue;
        }
        unused[0] = 1 + permits.drainPermits();
        fetchAndDispatch(unused);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() == CONSUMER_NOT_FOUND
            || e.getApiErrorCode() == Topology.STREAM_NOT_FOUND) {
          bound = false;
        }
        pause("JetStream refused " + spec.durable() + ": " + e.getMessage());
      } catch (JetStreamStatusException e) {
        // The pull was answered with a status (the consumer deleted, leadership changed): bind
        // again.
        bound = false;
        pause("Pulling " + spec.durable() + " failed: " + e.getMessage());
      } catch (Exception e) {
        pause("Pulling " + spec.durable() + " failed: " + e);
      } finally {
        if (unused[0] > 0) {
          permits.release(unused[0]);
        }
      }
    }
  }

  /**
   * Ends a subscription, first handing back (nak) what it received but no worker took, so that
   * another replica gets it now rather than after AckWait.
   */
  private void unsubscribe(JetStreamSubscription sub) {
    try {
      Message left;
      while ((left = sub.nextMessage(Duration.ofMillis(1))) != null) {
        left.nak();
      }
      sub.unsubscribe();
    } catch (Exception e) {
      log.debug("Could not end the subscription of {}: {}", spec.durable(), e.toString());
    }
  }

  /**
   * Pulls up to {@code free[0]} messages and hands each to a worker, which then owns its permit;
   * {@code free[0]} is left at the number of permits still unused, even when the pull fails. A
   * message left from an earlier pull (it came after that pull's wait) is taken first.
   */
  private void fetchAndDispatch(int[] free) throws Exception {
    JetStreamSubscription sub = subscription;
    sub.pull(PullRequestOptions.builder(free[0]).expiresIn(FETCH_EXPIRES_MS).build());
    long deadline = System.nanoTime() + FETCH_WAIT.toNanos();
    while (free[0] > 0) {
      long left = deadline - System.nanoTime();
      Message message = left > 0 ? sub.nextMessage(Duration.ofNanos(left)) : null;
      if (message == null) {
        return;
      }
      free[0]--;
      workers.execute(() -> process(message));
    }
  }

  private void pause(String why) {
    if (!running) {
      return;
    }
    log.warn(why);
    try {
      Thread.sleep(ERROR_PAUSE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private void process(Message message) {
    long start = System.nanoTime();
    metrics.started();
    String outcome = "retry";
    Request request = null;
    long tick = Math.max(1000, ackWait.toMillis() / 3);
    ScheduledFuture<?> keepAlive =
        ticker.scheduleAtFixedRate(message::inProgress, tick, tick, TimeUnit.MILLISECONDS);
    boolean deferred = false;
    try {
      request = Request.of(message, maxDeliver);
      MDC.put("subject", request.subject());
      MDC.put("stream_seq", Long.toString(request.streamSequence()));
      RequestHandler.Delivery delivery = spec.handler().open(request);
      Outcome decided = decide(delivery, request);
      if (decided.kind() == Outcome.Kind.DEFERRED) {
        deferred = true;
        defer(message, request, delivery, decided, keepAlive, start);
      } else {
        outcome = settle(message, request, delivery, decided);
      }
    } catch (RuntimeException e) {
      unsettled(message, request, e);
    } finally {
      if (!deferred) {
        keepAlive.cancel(false);
        metrics.finished(
            spec.filterSubject(), outcome, Duration.ofNanos(System.nanoTime() - start));
      }
      MDC.clear();
      permits.release();
    }
  }

  /** Even the give-up could not be published: keeps the request for its next delivery. */
  private void unsettled(Message message, Request request, RuntimeException e) {
    metrics.error("settle");
    log.error(
        "Could not settle {}: {}",
        request == null ? "a request" : request.fallbackId(),
        e.toString());
    try {
      message.nakWithDelay(retryDelay(request == null ? 1 : request.delivery()));
    } catch (RuntimeException lost) {
      // Connection gone: AckWait expires and the server redelivers.
      log.debug("Could not nak: {}", lost.toString());
    }
  }

  /**
   * A {@link Outcome.Kind#DEFERRED} outcome: the worker is freed now, the in-progress acks go on,
   * and the message is settled by whichever thread completes the stage, as the handler's own
   * outcome or exception would have settled it. Counted in {@link #deferred} until then, so that
   * {@link #awaitIdle} waits for it.
   */
  private void defer(
      Message message,
      Request request,
      RequestHandler.Delivery delivery,
      Outcome decided,
      ScheduledFuture<?> keepAlive,
      long start) {
    synchronized (deferredLock) {
      deferred++;
      keepAlives.add(keepAlive);
    }
    java.util.Map<String, String> mdc = MDC.getCopyOfContextMap();
    decided
        .pending()
        .whenComplete(
            (ignored, error) -> {
              if (mdc != null) {
                MDC.setContextMap(mdc);
              }
              String outcome = "retry";
              try {
                outcome =
                    settle(
                        message,
                        request,
                        delivery,
                        error == null ? Outcome.done() : failed(unwrap(error), request));
              } catch (RuntimeException e) {
                unsettled(message, request, e);
              } finally {
                keepAlive.cancel(false);
                metrics.finished(
                    spec.filterSubject(), outcome, Duration.ofNanos(System.nanoTime() - start));
                MDC.clear();
                synchronized (deferredLock) {
                  keepAlives.remove(keepAlive);
                  deferred--;
                  deferredLock.notifyAll();
                }
              }
            });
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof java.util.concurrent.CompletionException
            || cause instanceof java.util.concurrent.ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private Outcome decide(RequestHandler.Delivery delivery, Request request) {
    try {
      return delivery.handle();
    } catch (RuntimeException e) {
      return failed(e, request);
    }
  }

  /** What a handler's exception means, thrown at once or completing a deferred outcome. */
  private Outcome failed(Throwable e, Request request) {
    metrics.error("handler");
    if (e instanceof RetriableException) {
      return Outcome.retryAfter(retryDelay(request.delivery()), String.valueOf(e.getMessage()));
    }
    if (e instanceof PermanentException) {
      return Outcome.giveUp(String.valueOf(e.getMessage()));
    }
    log.error("Handler for {} failed on {}", spec.filterSubject(), request.fallbackId(), e);
    return Outcome.retryAfter(retryDelay(request.delivery()), "internal error: " + e);
  }

  /** Applies the outcome to the message; returns the metrics outcome name. */
  private String settle(
      Message message, Request request, RequestHandler.Delivery delivery, Outcome outcome) {
    switch (outcome.kind()) {
      case DONE -> {
        message.ack();
        return "done";
      }
      case REJECTED -> {
        message.term();
        return "rejected";
      }
      case RETRY -> {
        if (!request.lastDelivery()) {
          log.warn(
              "Will retry {} (delivery {}/{}) in {}: {}",
              request.fallbackId(),
              request.delivery(),
              maxDeliver,
              outcome.delay(),
              outcome.reason());
          message.nakWithDelay(outcome.delay());
          return "retry";
        }
        return giveUp(
            message,
            request,
            delivery,
            "gave up after " + request.delivery() + " deliveries: " + outcome.reason());
      }
      case GIVE_UP -> {
        return giveUp(message, request, delivery, outcome.reason());
      }
      default -> throw new IllegalStateException("unknown outcome " + outcome);
    }
  }

  private String giveUp(
      Message message, Request request, RequestHandler.Delivery delivery, String reason) {
    log.error("Giving up on {} from {}: {}", request.fallbackId(), request.subject(), reason);
    delivery.onGiveUp(reason);
    deadLetters.publish(request, reason, delivery.correlationId());
    message.term();
    return "given_up";
  }

  static Duration retryDelay(long delivery) {
    long seconds = 1L << Math.min(Math.max(delivery - 1, 0), 6);
    Duration delay = Duration.ofSeconds(seconds);
    return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
  }

  /**
   * Stops pulling once the pull in progress has expired (at most a second; see the class comment);
   * in-flight work continues until {@link #awaitIdle}.
   */
  void stop() {
    running = false;
  }

  /**
   * Waits until every worker of this loop is free and every deferred outcome settled, at most
   * {@code grace} in all; true when idle.
   */
  boolean awaitIdle(Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    if (!permits.tryAcquire(spec.workers(), grace.toMillis(), TimeUnit.MILLISECONDS)) {
      return false;
    }
    permits.release(spec.workers());
    synchronized (deferredLock) {
      while (deferred > 0) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        deferredLock.wait(left);
      }
    }
    return true;
  }

  /**
   * After the grace: stops the in-progress acks of deferred outcomes still unsettled, so that the
   * server redelivers their messages after AckWait. Such a message is never acknowledged before its
   * stage completes; if the stage completes later and the connection is still open, it is settled
   * then.
   */
  void abandonDeferred() {
    synchronized (deferredLock) {
      if (deferred > 0) {
        log.warn(
            "{} request(s) of {} not settled before stopping: left unacknowledged, redelivered",
            deferred,
            spec.durable());
      }
      keepAlives.forEach(keepAlive -> keepAlive.cancel(false));
      keepAlives.clear();
    }
  }
}

package io.autoagent.core.llm;

import io.autoagent.core.RetriableException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps one provider attempt with what every caller needs: a deadline over the whole call (on
 * overrun the attempt is cancelled and abandoned), retries with exponential backoff on retriable
 * failures (429, 5xx, timeouts, network), a circuit breaker, and metrics. Thread-safe.
 *
 * <p>An attempt's failure is counted once: when the deadline and the HTTP client's own timeout fire
 * together, whichever records first counts it, and an abandoned attempt records nothing after.
 */
final class ResilientLlmClient implements LlmClient {

  private static final Logger log = LoggerFactory.getLogger(ResilientLlmClient.class);

  private final LlmClient delegate;
  private final Duration timeout;
  private final int maxRetries;
  private final Duration backoff;
  private final CircuitBreaker breaker;
  private final LlmMetrics metrics;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  ResilientLlmClient(LlmClient delegate, LlmConfig config, LlmMetrics metrics, Clock clock) {
    this.delegate = delegate;
    this.timeout = config.timeout();
    this.maxRetries = config.maxRetries();
    this.backoff = config.retryBackoff();
    this.breaker = new CircuitBreaker(config.circuitFailures(), config.circuitOpen(), clock);
    this.metrics = metrics;
  }

  @Override
  public String provider() {
    return delegate.provider();
  }

  @Override
  public String model() {
    return delegate.model();
  }

  @Override
  public State state() {
    return breaker.phase() == CircuitBreaker.Phase.CLOSED ? State.OK : State.DOWN;
  }

  @Override
  public LlmReply chat(LlmPrompt prompt) {
    if (!breaker.tryAcquire()) {
      metrics.failure(ProviderFailures.CIRCUIT_OPEN);
      throw new RetriableException(
          provider() + " is skipped after repeated failures until " + breaker.reopensAt());
    }
    long wait = Math.min(timeout.toMillis(), prompt.millisLeft());
    if (wait <= 0) {
      throw new RetriableException(provider() + " not called: the caller's deadline has passed");
    }
    AttemptRecord record = new AttemptRecord();
    Future<LlmReply> call = executor.submit(() -> attempts(prompt, record));
    try {
      LlmReply reply = call.get(wait, TimeUnit.MILLISECONDS);
      breaker.success();
      return reply;
    } catch (TimeoutException e) {
      record.abandoned = true;
      call.cancel(true);
      breaker.failure();
      if (record.claim()) {
        metrics.failure(ProviderFailures.TIMEOUT);
      }
      log.warn("{} did not answer within {} ms; call abandoned", provider(), wait);
      throw new RetriableException(provider() + " did not answer within " + wait + " ms");
    } catch (ExecutionException e) {
      breaker.failure();
      throw ProviderFailures.classify(e.getCause(), provider()).exception();
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new RetriableException(provider() + " call interrupted", e);
    }
  }

  /**
   * Whether the attempt in flight has had its outcome counted, and whether the call was abandoned.
   */
  private static final class AttemptRecord {
    private final java.util.concurrent.atomic.AtomicBoolean counted =
        new java.util.concurrent.atomic.AtomicBoolean();
    volatile boolean abandoned;

    void next() {
      counted.set(false);
    }

    /** True for the one caller that counts the attempt in flight. */
    boolean claim() {
      return counted.compareAndSet(false, true);
    }
  }

  private LlmReply attempts(LlmPrompt prompt, AttemptRecord record) throws InterruptedException {
    for (int attempt = 0; ; attempt++) {
      long start = System.nanoTime();
      record.next();
      try {
        LlmReply reply = delegate.chat(prompt);
        if (!record.abandoned && record.claim()) {
          metrics.call(
              "ok",
              Duration.ofNanos(System.nanoTime() - start),
              reply.inputTokens(),
              reply.outputTokens());
        }
        return reply;
      } catch (RuntimeException e) {
        ProviderFailures.Failure failure = ProviderFailures.classify(e, provider());
        if (!record.abandoned && record.claim()) {
          metrics.call(failure.reason(), Duration.ofNanos(System.nanoTime() - start), 0, 0);
          metrics.failure(failure.reason());
        }
        if (!failure.retriable() || attempt >= maxRetries) {
          throw failure.exception();
        }
        Duration delay = backoff.multipliedBy(1L << Math.min(attempt, 10));
        Duration asked = RetryAfterHttpClient.retryAfterOf(e).orElse(Duration.ZERO);
        if (asked.compareTo(delay) > 0) {
          delay = asked; // the server's Retry-After, honoured
        }
        if (delay.toMillis() >= Math.min(prompt.millisLeft(), timeout.toMillis())) {
          // waiting would outlast the caller's deadline: give up now, so it can answer without us
          log.warn(
              "{} attempt {} failed ({}); a retry in {} ms would pass the deadline",
              provider(),
              attempt + 1,
              failure.reason(),
              delay.toMillis());
          throw failure.exception();
        }
        log.warn(
            "{} attempt {} failed ({}); retrying in {} ms",
            provider(),
            attempt + 1,
            failure.reason(),
            delay.toMillis());
        Thread.sleep(delay);
      }
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    delegate.close();
  }
}

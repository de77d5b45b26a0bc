package io.autoagent.guardian.advisor;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a {@link ScalingAdvisor} with a deadline, validates and clamps its answer, and counts the
 * {@link AdvisorOutcome}. A slow, failing, empty, malformed or unsure advisor yields empty, and the
 * rules decide alone. Thread-safe; the executor belongs to the caller.
 */
public final class GuardedAdvisor {

  private static final Logger log = LoggerFactory.getLogger(GuardedAdvisor.class);

  private final ScalingAdvisor advisor;
  private final Duration timeout;
  private final Executor executor;
  private final AdvisorMetrics metrics;

  public GuardedAdvisor(ScalingAdvisor advisor, Duration timeout, Executor executor) {
    this(advisor, timeout, executor, AdvisorMetrics.NOOP);
  }

  public GuardedAdvisor(
      ScalingAdvisor advisor, Duration timeout, Executor executor, AdvisorMetrics metrics) {
    this.advisor = Objects.requireNonNull(advisor, "advisor");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** No advisor, no threads. */
  public static GuardedAdvisor none() {
    return new GuardedAdvisor(ScalingAdvisor.NONE, Duration.ZERO, Runnable::run);
  }

  public boolean isEnabled() {
    return advisor != ScalingAdvisor.NONE;
  }

  /**
   * Asks, validates against the request's bounds and step, and counts the outcome.
   *
   * @return clamped advice at or above {@code minConfidence}, else empty (the rules decide)
   */
  public Optional<ValidatedAdvice> consult(AdvisorRequest request, double minConfidence) {
    if (!isEnabled()) {
      return Optional.empty();
    }
    Optional<Advice> raw = ask(request);
    if (raw.isEmpty()) {
      metrics.record(AdvisorOutcome.UNAVAILABLE);
      return Optional.empty();
    }
    Optional<ValidatedAdvice> valid =
        AdviceValidator.validate(
            raw.get(),
            request.currentReplicas(),
            request.minReplicas(),
            request.maxReplicas(),
            request.maxStep());
    if (valid.isEmpty()) {
      log.warn("advisor answer for {} is malformed; rules decide", request.workload());
      metrics.record(AdvisorOutcome.REJECTED);
      return Optional.empty();
    }
    if (valid.get().confidence() < minConfidence) {
      metrics.record(AdvisorOutcome.IGNORED);
      return Optional.empty();
    }
    metrics.record(
        valid.get().adjustments().isEmpty() ? AdvisorOutcome.ACCEPTED : AdvisorOutcome.CLAMPED);
    return valid;
  }

  /** The advisor's raw answer within the deadline, or empty; not validated, not counted. */
  public Optional<Advice> ask(AdvisorRequest request) {
    if (!isEnabled()) {
      return Optional.empty();
    }
    Future<Optional<Advice>> future = CompletableFuture.supplyAsync(() -> call(request), executor);
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      log.warn(
          "advisor gave no answer within {} for {}; rules decide", timeout, request.workload());
      return Optional.empty();
    } catch (ExecutionException e) {
      log.warn(
          "advisor failed for {}; rules decide: {}", request.workload(), e.getCause().toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private Optional<Advice> call(AdvisorRequest request) {
    try {
      Optional<Advice> advice = advisor.advise(request);
      return advice == null ? Optional.empty() : advice;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

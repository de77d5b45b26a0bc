package io.autoagent.core.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.metrics.AgentMetrics;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The agent's consumer loops, one pulling thread each, with virtual-thread workers. */
public final class JetStreamConsumers {

  private final List<ConsumerLoop> loops = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

  public JetStreamConsumers(
      Connection connection,
      List<ConsumerSpec> specs,
      Duration ackWait,
      int maxDeliver,
      ScheduledExecutorService ticker,
      AgentMetrics metrics,
      ObjectMapper mapper,
      Envelopes envelopes,
      Publisher publisher) {
    this(
        JetStreamStores.of(connection),
        specs,
        ackWait,
        maxDeliver,
        ticker,
        metrics,
        mapper,
        envelopes,
        publisher);
  }

  /**
   * The loops over {@code specs}, binding in the stores' domain and creating streams with their
   * replicas.
   */
  public JetStreamConsumers(
      JetStreamStores stores,
      List<ConsumerSpec> specs,
      Duration ackWait,
      int maxDeliver,
      ScheduledExecutorService ticker,
      AgentMetrics metrics,
      ObjectMapper mapper,
      Envelopes envelopes,
      Publisher publisher) {
    DeadLetters deadLetters = new DeadLetters(mapper, envelopes, publisher);
    for (ConsumerSpec spec : specs) {
      loops.add(
          new ConsumerLoop(
              stores, spec, ackWait, maxDeliver, workers, ticker, metrics, deadLetters));
    }
  }

  /** Starts pulling; binding (streams, durable consumers) happens in each loop, with retries. */
  public void start() {
    for (int i = 0; i < loops.size(); i++) {
      threads.add(Thread.ofPlatform().name("pull-" + i).daemon().start(loops.get(i)));
    }
  }

  /** Whether every consumer is bound and pulling. */
  public boolean bound() {
    return !loops.isEmpty() && loops.stream().allMatch(ConsumerLoop::bound);
  }

  /**
   * Stops pulling at once (a pull being waited for is abandoned, not waited out) and waits up to
   * {@code grace} for in-flight work, which is finished and acknowledged; true when all of it
   * finished. What is still running after {@code grace} is interrupted and redelivered later. A
   * request whose acknowledgement waits for a hand-off ({@link Outcome#doneWhen}) counts as
   * in-flight: one unsettled after {@code grace} is left unacknowledged and redelivered.
   */
  public boolean stop(Duration grace) {
    loops.forEach(ConsumerLoop::stop);
    long deadline = System.nanoTime() + grace.toNanos();
    boolean idle = true;
    try {
      for (Thread thread : threads) {
        thread.join(Duration.ofMillis(Math.max(1, remainingMillis(deadline))));
      }
      for (ConsumerLoop loop : loops) {
        idle &= loop.awaitIdle(Duration.ofMillis(Math.max(0, remainingMillis(deadline))));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      idle = false;
    }
    if (!idle) {
      loops.forEach(ConsumerLoop::abandonDeferred);
    }
    workers.shutdownNow();
    try {
      workers.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return idle;
  }

  private static long remainingMillis(long deadlineNanos) {
    return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
  }
}

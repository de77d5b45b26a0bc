package io.autoagent.infra.bench;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Publishes requests to a JetStream subject with a {@code Nats-Msg-Id} and times each one until its
 * answer arrives on a core subscription (matched by the answer's {@code Nats-Msg-Id}, {@code
 * <prefix><request id>}). Every wait is bounded.
 */
final class LoadDriver implements AutoCloseable {

  /** What one phase measured; latencies in milliseconds. */
  record Result(
      int sent,
      int answered,
      double seconds,
      double perSecond,
      double p50,
      double p99,
      double max,
      String slowest) {}

  private static final int MAX_OUTSTANDING_PUBLISHES = 512;

  /** How long without an answer, every request sent, counts as a stall. */
  static final java.time.Duration STALL = java.time.Duration.ofSeconds(3);

  private final Connection nc;
  private final JetStream js;
  private final String requestSubject;
  private final String answerIdPrefix;
  private final Dispatcher dispatcher;
  private final Map<String, Long> pending = new ConcurrentHashMap<>();
  private final AtomicInteger answered = new AtomicInteger();
  private final AtomicLong lastAnswer = new AtomicLong();
  private final AtomicLong answerBytes = new AtomicLong();
  private final AtomicLong answerCount = new AtomicLong();
  private long[] latencies = new long[0];
  private long[] sentOffsets = new long[0];
  private String[] answerIds = new String[0];
  private volatile long phaseStart;
  private volatile String phasePrefix = "";
  private long[] latencyByIndex = new long[0];
  private final AtomicInteger recorded = new AtomicInteger();

  LoadDriver(Connection nc, String requestSubject, String answerSubject, String answerIdPrefix)
      throws Exception {
    this.nc = nc;
    this.js = nc.jetStream();
    this.requestSubject = requestSubject;
    this.answerIdPrefix = answerIdPrefix;
    this.dispatcher = nc.createDispatcher(this::onAnswer);
    dispatcher.subscribe(answerSubject);
    nc.flush(java.time.Duration.ofSeconds(5));
  }

  private void onAnswer(Message m) {
    long now = System.nanoTime();
    String id = m.getHeaders() == null ? null : m.getHeaders().getFirst("Nats-Msg-Id");
    if (id == null || !id.startsWith(answerIdPrefix)) {
      return;
    }
    Long sent = pending.remove(id.substring(answerIdPrefix.length()));
    if (sent == null) {
      return; // a duplicate or another phase's answer
    }
    int slot = recorded.getAndIncrement();
    long[] lat = latencies;
    long[] byIndex = latencyByIndex;
    String requestId = id.substring(answerIdPrefix.length());
    if (requestId.startsWith(phasePrefix)) {
      try {
        int index = Integer.parseInt(requestId.substring(phasePrefix.length()));
        if (index >= 0 && index < byIndex.length) {
          byIndex[index] = now - sent;
        }
      } catch (NumberFormatException e) {
        // not one of this phase's requests
      }
    }
    if (slot < lat.length) {
      lat[slot] = now - sent;
      sentOffsets[slot] = sent - phaseStart;
      answerIds[slot] = id;
    }
    lastAnswer.set(now);
    answerBytes.addAndGet(m.getData().length);
    answerCount.incrementAndGet();
    answered.incrementAndGet();
  }

  /**
   * Sends {@code count} requests, at {@code perSecond} (0: as fast as JetStream accepts them, with
   * a bounded number of unacknowledged publishes), and waits at most {@code timeoutS} for the
   * answers.
   */
  Result run(String idPrefix, int count, double perSecond, IntFunction<byte[]> body, int timeoutS)
      throws Exception {
    return run(idPrefix, count, perSecond, body, timeoutS, () -> {});
  }

  /**
   * As {@link #run(String, int, double, IntFunction, int)}, calling {@code onStall} once when every
   * request is sent and no answer has come for {@link #STALL} while some are still missing.
   */
  Result run(
      String idPrefix,
      int count,
      double perSecond,
      IntFunction<byte[]> body,
      int timeoutS,
      Runnable onStall)
      throws Exception {
    pending.clear();
    sentOffsets = new long[count];
    phasePrefix = idPrefix;
    latencyByIndex = new long[count];
    Arrays.fill(latencyByIndex, -1);
    answerIds = new String[count];
    latencies = new long[count];
    recorded.set(0);
    answered.set(0);
    ArrayDeque<CompletableFuture<PublishAck>> inFlight = new ArrayDeque<>();
    long start = System.nanoTime();
    phaseStart = start;
    long intervalNs = perSecond > 0 ? (long) (1e9 / perSecond) : 0;
    for (int i = 0; i < count; i++) {
      String id = idPrefix + i;
      PublishOptions options = PublishOptions.builder().messageId(id).build();
      if (intervalNs > 0) {
        long due = start + i * intervalNs;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          TimeUnit.NANOSECONDS.sleep(Math.min(wait, 1_000_000));
        }
      }
      pending.put(id, System.nanoTime());
      if (intervalNs > 0) {
        js.publish(requestSubject, null, body.apply(i), options);
      } else {
        inFlight.add(js.publishAsync(requestSubject, null, body.apply(i), options));
        if (inFlight.size() >= MAX_OUTSTANDING_PUBLISHES) {
          inFlight.poll().get(30, TimeUnit.SECONDS);
        }
      }
    }
    for (CompletableFuture<PublishAck> f : inFlight) {
      f.get(30, TimeUnit.SECONDS);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
    boolean stallReported = false;
    while (answered.get() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
      long quietSince = Math.max(lastAnswer.get(), start);
      if (!stallReported && System.nanoTime() - quietSince > STALL.toNanos()) {
        stallReported = true;
        System.out.printf(
            "bench: no answer for %d s with %d of %d missing (first: %s)%n",
            STALL.toSeconds(),
            count - answered.get(),
            count,
            pending.keySet().stream().sorted().limit(5).toList());
        onStall.run();
      }
    }
    int got = answered.get();
    long end = got > 0 ? lastAnswer.get() : System.nanoTime();
    double seconds = (end - start) / 1e9;
    long[] lat = Arrays.copyOf(latencies, Math.min(got, latencies.length));
    String slowest = slowest(lat.length, 20);
    Arrays.sort(lat);
    return new Result(
        count,
        got,
        seconds,
        got / seconds,
        pct(lat, 0.50),
        pct(lat, 0.99),
        lat.length == 0 ? Double.NaN : lat[lat.length - 1] / 1e6,
        slowest);
  }

  /**
   * The {@code n} slowest answers: when each was sent (seconds into the phase), its latency, id.
   */
  private String slowest(int answers, int n) {
    Integer[] order = new Integer[answers];
    for (int i = 0; i < answers; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(latencies[b], latencies[a]));
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < Math.min(n, answers); k++) {
      int i = order[k];
      out.append(
          String.format(
              java.util.Locale.ROOT,
              "sent at %.3f s: %.1f ms (%s)%n",
              sentOffsets[i] / 1e9,
              latencies[i] / 1e6,
              answerIds[i]));
    }
    return out.toString();
  }

  /**
   * p50 and p99 in milliseconds of the last phase's answered requests whose index {@code which}
   * selects, and how many there were.
   */
  String percentilesOf(java.util.function.IntPredicate which) {
    long[] byIndex = latencyByIndex;
    long[] picked =
        java.util.stream.IntStream.range(0, byIndex.length)
            .filter(i -> byIndex[i] >= 0 && which.test(i))
            .mapToLong(i -> byIndex[i])
            .sorted()
            .toArray();
    return String.format(
        java.util.Locale.ROOT,
        "%d answered, p50 %.1f ms, p99 %.1f ms",
        picked.length,
        pct(picked, 0.50),
        pct(picked, 0.99));
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  /** Mean size of the answers seen so far, in bytes. */
  int meanAnswerBytes() {
    long n = answerCount.get();
    return n == 0 ? 0 : (int) (answerBytes.get() / n);
  }

  @Override
  public void close() {
    nc.closeDispatcher(dispatcher);
  }
}

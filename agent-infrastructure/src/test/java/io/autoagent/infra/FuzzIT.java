package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoagent.core.messaging.Contract;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated payloads: broken JSON, huge strings, deep nesting, wrong types, invalid UTF-8,
 * Alertmanager bodies with hundreds of alerts. The agent must answer each request (rejected or
 * analysed), never crash or get stuck. CI runs 1,000; {@code -Dfuzz.payloads=10000} runs the full
 * set.
 */
class FuzzIT {

  private static final int PAYLOADS = Integer.getInteger("fuzz.payloads", 1000);
  private static final long SEED = Long.getLong("fuzz.seed", 20261122L);

  @Test
  void answersEveryRandomOrMutatedPayloadAndKeepsRunning() throws Exception {
    try (AgentFixture fixture = new AgentFixture()) {
      Map<String, String> env = fixture.env();
      env.put("WORKERS", "8");
      fixture.startAgent(env);
      Random random = new Random(SEED);
      Map<String, Integer> expectedAnswers = new HashMap<>();
      long heapBefore = usedHeapAfterGc();

      for (int i = 0; i < PAYLOADS; i++) {
        String id = "fuzz-" + i;
        Payload payload = payload(random, id);
        expectedAnswers.put(id, payload.answers());
        fixture
            .client
            .jetStream()
            .publishAsync(
                Contract.SUBJECT_INFRASTRUCTURE,
                new io.nats.client.impl.Headers().put("Nats-Msg-Id", id),
                payload.body());
      }
      int total = expectedAnswers.values().stream().mapToInt(Integer::intValue).sum();

      // about 45 ms a payload here; the full 10,000 take several minutes (and -Dit.timeout=30m)
      await()
          .atMost(Duration.ofMinutes(4).plusMillis(PAYLOADS * 60L))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  fixture
                          .client
                          .jetStreamManagement()
                          .getStreamInfo(Contract.RESPONSES)
                          .getStreamState()
                          .getMsgCount()
                      >= total);
      fixture.assertWorkQueueDrained(Contract.AGENT_TASKS, Contract.CONSUMER_INFRASTRUCTURE);
      Map<String, Long> answersPerRequest =
          fixture.responses().stream()
              .map(r -> r.path("alert_id").asText())
              .map(id -> id.contains("#") ? id.substring(0, id.indexOf('#')) : id)
              .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      for (var expected : expectedAnswers.entrySet()) {
        assertThat(answersPerRequest.getOrDefault(expected.getKey(), 0L))
            .as(expected.getKey())
            .isEqualTo(expected.getValue().longValue());
      }
      Set<String> statuses =
          fixture.responses().stream()
              .map(r -> r.path("status").asText())
              .collect(Collectors.toSet());
      assertThat(statuses).isSubsetOf("completed", "rejected");
      fixture.assertEverythingPublishedIsValid();
      assertThat(fixture.agent().runtime().ready()).isTrue();
      long heapAfter = usedHeapAfterGc();
      System.out.printf(
          "fuzz: %d payloads, %d answers, heap after GC %d MiB -> %d MiB%n",
          PAYLOADS, total, heapBefore >> 20, heapAfter >> 20);
    }
  }

  /** A body and how many analyses it must produce. */
  record Payload(byte[] body, int answers) {}

  private static Payload payload(Random random, String id) {
    String valid =
        "{\"service\": \"svc-"
            + random.nextInt(20)
            + "\", \"namespace\": \"prod\", \"severity\": \"high\"}";
    return switch (random.nextInt(10)) {
      case 0 -> new Payload(truncate(valid, random), 1); // broken JSON
      case 1 ->
          new Payload(
              ("{\"service\": \"a\", \"namespace\": \"b\", \"summary\": \""
                      + "x".repeat(random.nextInt(2_000_000))
                      + "\"}")
                  .getBytes(StandardCharsets.UTF_8),
              1); // huge strings, some over 1 MiB
      case 2 ->
          new Payload(
              ("[".repeat(1 + random.nextInt(5000)) + "]".repeat(random.nextInt(10)))
                  .getBytes(StandardCharsets.UTF_8),
              1); // deep nesting
      case 3 ->
          new Payload(
              ("{\"service\": " + random.nextInt() + ", \"namespace\": [true], \"labels\": \"x\"}")
                  .getBytes(StandardCharsets.UTF_8),
              1); // wrong types
      case 4 -> new Payload(invalidUtf8(valid, random), 1);
      case 5 -> alertmanager(random, id);
      case 6 -> { // random bytes
        byte[] bytes = new byte[random.nextInt(4096)];
        random.nextBytes(bytes);
        yield new Payload(bytes, 1);
      }
      case 7 -> new Payload(mutate(valid.getBytes(StandardCharsets.UTF_8), random), 1);
      default -> new Payload(valid.getBytes(StandardCharsets.UTF_8), 1);
    };
  }

  private static Payload alertmanager(Random random, String id) {
    int firing = 1 + random.nextInt(300);
    StringBuilder alerts = new StringBuilder();
    for (int i = 0; i < firing; i++) {
      if (i > 0) {
        alerts.append(',');
      }
      alerts
          .append(
              "{\"status\": \"firing\", \"labels\": {\"alertname\": \"Fuzz\", \"namespace\": \"prod\", \"app\": \"svc-")
          .append(i % 30)
          .append("\"}, \"annotations\": {}, \"startsAt\": \"2026-11-22T10:00:00Z\"}");
    }
    String body =
        "{\"version\": \"4\", \"status\": \"firing\", \"receiver\": \"fuzz\", \"alerts\": ["
            + alerts
            + "]}";
    return new Payload(body.getBytes(StandardCharsets.UTF_8), firing);
  }

  private static byte[] truncate(String json, Random random) {
    return json.substring(0, 1 + random.nextInt(json.length() - 2))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] invalidUtf8(String json, Random random) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    bytes[14 + random.nextInt(5)] =
        (byte) (0xC0 | random.nextInt(2)); // overlong lead byte inside the service name
    return bytes;
  }

  private static byte[] mutate(byte[] bytes, Random random) {
    byte[] copy = bytes.clone();
    for (int i = 0; i < 1 + random.nextInt(4); i++) {
      copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
    }
    return copy;
  }

  private static long usedHeapAfterGc() {
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}

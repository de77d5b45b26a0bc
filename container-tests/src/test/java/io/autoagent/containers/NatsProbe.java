package io.autoagent.containers;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * What an orchestrator or operator does over NATS: publish requests, watch subjects, ask endpoints.
 */
final class NatsProbe implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  private final Connection connection;

  private NatsProbe(Connection connection) {
    this.connection = connection;
  }

  static NatsProbe connect(String url) throws IOException, InterruptedException {
    return new NatsProbe(
        Nats.connect(
            new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(5)).build()));
  }

  /**
   * Starts collecting the JSON messages on {@code subjects} (core NATS, so streams need not be
   * there yet), in the order they arrive; each message gets its subject as {@code _subject}.
   */
  Watch watch(String... subjects) {
    Watch watch = new Watch(String.join(", ", subjects));
    io.nats.client.Dispatcher dispatcher =
        connection.createDispatcher(message -> watch.add(message.getSubject(), message.getData()));
    for (String subject : subjects) {
      dispatcher.subscribe(subject);
    }
    return watch;
  }

  /**
   * Publishes to a subject a JetStream stream captures, with {@code Nats-Msg-Id}, and waits for the
   * stream's ack.
   */
  void publish(String subject, String messageId, String body) throws Exception {
    Headers headers = new Headers().put("Nats-Msg-Id", messageId);
    connection
        .jetStream()
        .publish(
            NatsMessage.builder()
                .subject(subject)
                .headers(headers)
                .data(body.getBytes(StandardCharsets.UTF_8))
                .build());
  }

  /** Publishes on core NATS. */
  void publishCore(String subject, String body) {
    connection.publish(subject, body.getBytes(StandardCharsets.UTF_8));
  }

  /** A request/reply endpoint's answer. */
  JsonNode request(String subject, String body) throws Exception {
    return JSON.readTree(
        connection
            .request(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10))
            .getData());
  }

  @Override
  public void close() throws InterruptedException {
    connection.close();
  }

  /** The messages seen on one subject, in order. */
  static final class Watch {
    private final String subject;
    private final List<JsonNode> seen = new CopyOnWriteArrayList<>();

    private Watch(String subject) {
      this.subject = subject;
    }

    private void add(String on, byte[] data) {
      com.fasterxml.jackson.databind.node.ObjectNode node;
      try {
        JsonNode parsed = JSON.readTree(data);
        node =
            parsed instanceof com.fasterxml.jackson.databind.node.ObjectNode object
                ? object
                : JSON.createObjectNode().set("value", parsed);
      } catch (IOException e) {
        node = JSON.createObjectNode().put("text", new String(data, StandardCharsets.UTF_8));
      }
      seen.add(node.put("_subject", on));
    }

    List<JsonNode> seen() {
      return List.copyOf(seen);
    }

    /** The first message matching {@code match}, waiting up to {@code timeout} for it. */
    JsonNode first(Predicate<JsonNode> match, Duration timeout) {
      AtomicReference<JsonNode> found = new AtomicReference<>();
      await("a message on " + subject)
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                seen.stream().filter(match).findFirst().ifPresent(found::set);
                return found.get() != null;
              });
      return found.get();
    }

    /** Where in the order the first message matching {@code match} came, -1 if none did. */
    int indexOf(Predicate<JsonNode> match) {
      List<JsonNode> now = seen();
      for (int i = 0; i < now.size(); i++) {
        if (match.test(now.get(i))) {
          return i;
        }
      }
      return -1;
    }
  }
}

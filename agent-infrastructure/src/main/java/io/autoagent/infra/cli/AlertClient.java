package io.autoagent.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.config.NatsSettings;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.messaging.JetStreamStores;
import io.autoagent.core.messaging.NatsOptions;
import io.autoagent.core.messaging.NatsTransport;
import io.autoagent.infra.AlertDecoder;
import io.autoagent.infra.Rejection;
import io.autoagent.tools.analysis.Alert;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Sends alerts to the agent the way an orchestrator does (JetStream, {@code Nats-Msg-Id}) and waits
 * for their analyses on {@code orchestrator_response}.
 */
public final class AlertClient implements AutoCloseable {

  private final ObjectMapper mapper = Json.newMapper();
  private final AlertDecoder decoder =
      new AlertDecoder(mapper, new ContractSchemas(), Integer.MAX_VALUE);
  private final Connection connection;
  private final String url;
  private final JetStream jetStream;

  private AlertClient(Connection connection, String url, JetStream jetStream) {
    this.connection = connection;
    this.url = url;
    this.jetStream = jetStream;
  }

  /** Connects to plain NATS servers (no credentials, no TLS files). */
  public static AlertClient connect(String url) {
    return connect(NatsSettings.of(url, NatsOption.CONNECTION_NAME));
  }

  /** Connects with the agents' NATS settings (credentials, TLS, domain). */
  public static AlertClient connect(NatsSettings settings) {
    String url = settings.serversForLog();
    try {
      Options options = NatsOptions.builder(settings).maxReconnects(5).build();
      Connection connection = NatsTransport.connectOnce(settings, options);
      return new AlertClient(
          connection, url, new JetStreamStores(connection, 1, settings.jsDomain()).jetStream());
    } catch (IOException e) {
      throw new CliException("cannot reach NATS at " + url + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while connecting to " + url);
    }
  }

  /**
   * Publishes one request (a native alert or an Alertmanager body) and returns the analyses of the
   * alerts in it, in the order they arrive, waiting at most {@code timeout}.
   */
  public List<JsonNode> send(byte[] body, Duration timeout) {
    String messageId = "cli-" + UUID.randomUUID();
    AlertDecoder.Decoded decoded = decoder.decode(body, messageId);
    Set<String> expected = new LinkedHashSet<>();
    decoded.alerts().stream().map(Alert::alertId).forEach(expected::add);
    decoded.rejections().stream().map(Rejection::alertId).forEach(expected::add);
    if (expected.isEmpty()) {
      throw new CliException("nothing to analyse: the request holds no firing alert");
    }
    Map<String, JsonNode> answers = new LinkedHashMap<>();
    Dispatcher dispatcher =
        connection.createDispatcher(
            message -> {
              try {
                JsonNode analysis = mapper.readTree(message.getData());
                String id = analysis.path("alert_id").asText();
                synchronized (answers) {
                  if (expected.contains(id)) {
                    answers.putIfAbsent(id, analysis);
                    answers.notifyAll();
                  }
                }
              } catch (IOException e) {
                // not an analysis: ignore
              }
            });
    dispatcher.subscribe(Contract.SUBJECT_RESPONSE);
    try {
      connection.flush(Duration.ofSeconds(5));
      jetStream.publish(
          Contract.SUBJECT_INFRASTRUCTURE, new Headers().put("Nats-Msg-Id", messageId), body);
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (answers) {
        while (answers.size() < expected.size()) {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (left <= 0) {
            throw new CliException(
                "no analysis for "
                    + String.join(", ", missing(expected, answers))
                    + " within "
                    + timeout.toSeconds()
                    + " s: is the agent running on "
                    + url
                    + "?");
          }
          answers.wait(left);
        }
        return List.copyOf(answers.values());
      }
    } catch (JetStreamApiException | IOException e) {
      throw new CliException(
          "cannot publish to "
              + Contract.SUBJECT_INFRASTRUCTURE
              + " on "
              + url
              + " ("
              + e.getMessage()
              + "): the agent creates its streams when it starts; is it running?");
    } catch (java.util.concurrent.TimeoutException e) {
      throw new CliException("NATS at " + url + " did not answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    } finally {
      connection.closeDispatcher(dispatcher);
    }
  }

  private static List<String> missing(Set<String> expected, Map<String, JsonNode> answers) {
    return expected.stream().filter(id -> !answers.containsKey(id)).toList();
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

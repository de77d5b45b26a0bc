package io.autoagent.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.autoagent.core.testing.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Creation with the configured replicas, and existing streams kept as they are with one warning
 * naming them. A single server can hold only R1, which is what lets the test see an existing stream
 * whose count differs from the setting.
 */
class JetStreamStoresIT {

  private static NatsTestServer server;
  private static Connection connection;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeAll
  static void start() throws Exception {
    server = NatsTestServer.start();
    connection = Nats.connect(server.url());
  }

  @AfterAll
  static void stop() throws Exception {
    connection.close();
    server.close();
  }

  @BeforeEach
  void capture() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(JetStreamStores.class)).addAppender(logs);
  }

  @AfterEach
  void release() {
    ((Logger) LoggerFactory.getLogger(JetStreamStores.class)).detachAppender(logs);
  }

  private List<String> warnings() {
    return logs.list.stream()
        .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  @Test
  void createsMissingStoresWithTheConfiguredReplicas() throws Exception {
    JetStreamStores stores = new JetStreamStores(connection, 1, null);

    stores.keyValue(
        KeyValueConfiguration.builder().name("created-kv").storageType(StorageType.File).build());
    stores.objectStore(
        ObjectStoreConfiguration.builder("created-obj").storageType(StorageType.File).build());
    stores.stream(StreamConfiguration.builder().name("CREATED").subjects("created.>").build());

    for (String stream : List.of("KV_created-kv", "OBJ_created-obj", "CREATED")) {
      assertThat(
              connection
                  .jetStreamManagement()
                  .getStreamInfo(stream)
                  .getConfiguration()
                  .getReplicas())
          .isEqualTo(1);
    }
    assertThat(warnings()).isEmpty();
  }

  @Test
  void keepsAnExistingStreamWithOtherReplicasAndWarnsOnceNamingIt() throws Exception {
    // given: buckets and a stream an operator made at one replica
    connection
        .keyValueManagement()
        .create(
            KeyValueConfiguration.builder()
                .name("existing-kv")
                .maxHistoryPerKey(7)
                .storageType(StorageType.File)
                .build());
    connection
        .jetStreamManagement()
        .addStream(
            StreamConfiguration.builder()
                .name("EXISTING")
                .subjects("existing.>")
                .duplicateWindow(Duration.ofMinutes(3))
                .build());
    JetStreamStores stores = new JetStreamStores(connection, 3, null);

    // when: the agent asks for them at three replicas, twice
    for (int i = 0; i < 2; i++) {
      stores.keyValue(
          KeyValueConfiguration.builder()
              .name("existing-kv")
              .storageType(StorageType.File)
              .build());
      stores.stream(StreamConfiguration.builder().name("EXISTING").subjects("existing.>").build());
    }

    // then: kept as they were, one warning each
    assertThat(connection.keyValueManagement().getStatus("existing-kv").getReplicas()).isEqualTo(1);
    assertThat(connection.keyValueManagement().getStatus("existing-kv").getMaxHistoryPerKey())
        .isEqualTo(7);
    assertThat(
            connection
                .jetStreamManagement()
                .getStreamInfo("EXISTING")
                .getConfiguration()
                .getDuplicateWindow())
        .isEqualTo(Duration.ofMinutes(3));
    assertThat(warnings())
        .containsExactly(
            "Stream KV_existing-kv has 1 replica(s) but NATS_STREAM_REPLICAS=3: kept as it is (change it with "
                + "`nats stream edit KV_existing-kv --replicas 3`)",
            "Stream EXISTING has 1 replica(s) but NATS_STREAM_REPLICAS=3: kept as it is (change it with "
                + "`nats stream edit EXISTING --replicas 3`)");
  }

  @Test
  void warnsAboutAContractStreamWithOtherReplicasWhenTheTopologyIsEnsured() throws Exception {
    Topology.ensure(JetStreamStores.of(connection), Contract.streams());
    JetStreamStores r3 = new JetStreamStores(connection, 3, null);

    Topology.ensure(r3, Contract.streams());
    Topology.ensure(r3, Contract.streams());

    assertThat(warnings())
        .hasSize(4)
        .allSatisfy(w -> assertThat(w).contains("NATS_STREAM_REPLICAS=3"));
    assertThat(warnings())
        .anySatisfy(w -> assertThat(w).startsWith("Stream AGENT_TASKS has 1 replica(s)"));
  }
}

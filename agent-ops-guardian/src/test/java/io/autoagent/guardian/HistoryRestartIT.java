package io.autoagent.guardian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoagent.guardian.history.KvHistoryStore;
import io.autoagent.guardian.signals.WorkloadHistory;
import io.autoagent.guardian.signals.WorkloadRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.nats.client.api.KeyValueEntry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitoring schedule on its own, and workload history kept across a restart in JetStream KV.
 */
@EnableKubernetesMockClient(crud = true)
class HistoryRestartIT {

  static KubernetesClient client;
  private static GuardianFixture fixture;
  private static final WorkloadRef ORDERS = WorkloadRef.of("hist", "orders");

  @BeforeAll
  static void start() throws Exception {
    fixture = new GuardianFixture(client);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  void scalesOnItsOwnScheduleAndKeepsHistoryAcrossARestart() throws Exception {
    // given: a hot deployment and a Guardian that runs a cycle every second
    fixture.deployment("hist", "orders", 2, 450);
    Map<String, String> env = fixture.env("guardian-h1");
    env.put("MONITOR_INTERVAL_S", "1");
    OpsGuardian first = fixture.start(env);

    // then: it scales without being asked, and keeps observing
    await().atMost(Duration.ofSeconds(20)).until(() -> fixture.replicas("hist", "orders") == 3);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> first.engine().snapshot(ORDERS).map(s -> s.samples().size()).orElse(0) >= 3);

    // when: it stops and another starts in its place
    fixture.stop(first);
    KeyValueEntry stored =
        fixture.client.keyValue("ops-guardian-history").get(KvHistoryStore.key(ORDERS));
    assertThat(stored).isNotNull();
    int kept =
        GuardianFixture.MAPPER
            .readValue(stored.getValue(), WorkloadHistory.Snapshot.class)
            .samples()
            .size();
    assertThat(kept).isGreaterThanOrEqualTo(3);
    OpsGuardian second = fixture.start(fixture.env("guardian-h2"));
    fixture.command("eval-h", "{\"type\": \"evaluate\", \"service\": \"hist/orders\"}");

    // then: its history continues from the stored one
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                second.engine().snapshot(ORDERS).map(s -> s.samples().size()).orElse(0)
                    == kept + 1);
  }
}
